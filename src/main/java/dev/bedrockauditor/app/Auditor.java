package dev.bedrockauditor.app;

import dev.bedrockauditor.alert.Alerting;
import dev.bedrockauditor.asff.AsffMapper;
import dev.bedrockauditor.changes.ChangeScope;
import dev.bedrockauditor.aws.AccountEnabledRegions;
import dev.bedrockauditor.aws.AwsClients;
import dev.bedrockauditor.aws.BedrockLoggingStates;
import dev.bedrockauditor.aws.ChangeDetectionReader;
import dev.bedrockauditor.aws.DestinationReader;
import dev.bedrockauditor.aws.FailureReasons;
import dev.bedrockauditor.aws.HomeRegion;
import dev.bedrockauditor.aws.SecurityHubStore;
import dev.bedrockauditor.aws.SnsAlertSender;
import dev.bedrockauditor.aws.StsAccountIdentity;
import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.config.AuditSettings;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.config.Setting;
import dev.bedrockauditor.config.TopicArn;
import dev.bedrockauditor.controls.ChangeDetectionCheck;
import dev.bedrockauditor.controls.ControlSuite;
import dev.bedrockauditor.controls.MemberAccountsCheck;
import dev.bedrockauditor.domain.PublicationReport.AlertOutcome;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.ChangeEvent;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Product;
import dev.bedrockauditor.engine.AuditEngine;
import dev.bedrockauditor.engine.AuditLog;
import dev.bedrockauditor.engine.ChangeDetectionSource;
import dev.bedrockauditor.publish.Publisher;
import dev.bedrockauditor.publish.Routing;
import dev.bedrockauditor.regions.RegionCatalog;
import dev.bedrockauditor.regions.RegionSelector;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * The engine and the publisher with their real collaborators, built once and checked up front;
 * {@link #audit()} and {@link #auditAndPublish} may run many times (a warm Lambda).
 */
public final class Auditor implements AutoCloseable {

    private final AuditSettings settings;
    private final String homeRegion;
    private final AwsClients clients;
    private final Workers workers;
    private final AuditEngine engine;
    private final Publisher publisher;
    private final RegionSelector selector;
    private final BedrockLoggingStates loggingStates;
    private final Role role;

    /** An audit, and what publishing it did when it was published. */
    public record Run(AuditReport report, Optional<Publisher.Published> published) {}

    /** What change events led to: the regions they concern and the events set aside, and the run, if any. */
    public record ChangeRun(ChangeScope.Decision decision, Optional<Run> run) {}

    /**
     * @param interceptors SDK interceptors added to every client (tests record the operations called)
     * @throws ConfigurationException when a setting does not fit the home region's partition
     */
    public Auditor(AuditSettings settings, String homeRegion, AuditLog log, List<ExecutionInterceptor> interceptors) {
        this(settings, homeRegion, log, interceptors, Role.SINGLE_ACCOUNT);
    }

    /** What this auditor is to its run, which decides what it owns and which findings it keeps. */
    public enum Role {
        /** The only account: owns its clients and threads, and archives a member-accounts finding left over. */
        SINGLE_ACCOUNT(true),
        /**
         * The auditor's own account in a deployment that audits an organization, for the runs that concern it
         * alone (audits on change): owns its clients and threads, and keeps the member-accounts finding.
         */
        ORGANIZATION_HOME(true),
        /**
         * One account of an organization run, which owns the threads and the shared HTTP client: its clients are
         * its own, but it sends no alert (the run sends one for all) and keeps the member-accounts finding.
         */
        ORGANIZATION_MEMBER(false);

        private final boolean ownsThreads;

        Role(boolean ownsThreads) {
            this.ownsThreads = ownsThreads;
        }
    }

    /** The auditor of the credentials' own account, which owns its clients and threads. */
    public Auditor(AuditSettings settings, String homeRegion, AuditLog log, List<ExecutionInterceptor> interceptors,
            Role role) {
        this(settings, homeRegion, log, new AwsClients(settings.attemptTimeout(), settings.callTimeout(), interceptors),
                new Workers("bedrock-auditor"), Optional.empty(), role);
    }

    /**
     * @param clients this account's clients
     * @param gate the organization run's cap on regions read at once; empty to use settings.maxConcurrency()
     */
    Auditor(AuditSettings settings, String homeRegion, AuditLog log, AwsClients clients, Workers workers,
            Optional<Workers.Gate> gate, Role role) {
        RegionCatalog catalog = RegionCatalog.fromSdkMetadata();
        RegionSelector selector = new RegionSelector(catalog);
        String partition = selector.partitionOfHome(homeRegion);
        checkSettings(catalog, settings, homeRegion, partition);
        this.settings = settings;
        this.homeRegion = homeRegion;
        this.clients = clients;
        this.workers = workers;
        this.role = role;
        FailureReasons reasons = new FailureReasons(settings.attemptTimeout(), settings.callTimeout());
        ControlSuite standard = ControlSuite.standard(settings.requiredDataTypes(), settings.minLogRetentionDays());
        ControlSuite controls = settings.changeDetectionRule().isPresent()
                ? standard.withChangeDetection(homeRegion) : standard;
        Optional<ChangeDetectionSource> changeDetection = settings.changeDetectionRule()
                .map(rule -> new ChangeDetectionReader(clients, rule, reasons, workers));
        Clock clock = Clock.systemUTC();
        this.selector = selector;
        this.loggingStates = new BedrockLoggingStates(clients, reasons);
        this.engine = new AuditEngine(
                new StsAccountIdentity(clients, homeRegion, reasons),
                new AccountEnabledRegions(clients, homeRegion, reasons),
                loggingStates,
                new DestinationReader(clients, homeRegion, reasons, workers),
                changeDetection,
                selector,
                controls,
                gate.orElseGet(() -> workers.gate(settings.maxConcurrency())),
                workers,
                log,
                clock);
        this.publisher = new Publisher(
                new SecurityHubStore(clients, reasons),
                new AsffMapper(Product.current()),
                new Routing(homeRegion, settings.findingsRegion().map(AuditSettings.NamedRegion::name),
                        catalog.regionsIn(partition)),
                // The change-detection control's id too, run or not: once CHANGE_DETECTION_RULE is removed, its
                // earlier findings are read back and archived with the regions audited, not left stale; likewise
                // the member-accounts finding once organization mode is turned off (an organization run keeps it).
                Stream.concat(controls.checks().stream().map(check -> check.control().id()),
                        role == Role.SINGLE_ACCOUNT ? Stream.of(ChangeDetectionCheck.ID, MemberAccountsCheck.ID)
                                : Stream.of(ChangeDetectionCheck.ID)).collect(Collectors.toSet()),
                new Alerting(new SnsAlertSender(clients, reasons), settings.alertTopic(), settings.alertOn(), log),
                workers,
                log,
                clock);
    }

    /** With the home region from the SDK's region chain. */
    public static Auditor create(AuditSettings settings, AuditLog log) {
        return new Auditor(settings, HomeRegion.resolve(), log, List.of());
    }

    /** The audit alone: read-only. */
    public AuditReport audit() {
        return engine.run(homeRegion, settings.regions());
    }

    /**
     * The audit, then its findings imported into Security Hub and the alert sent; never throws for a delivery
     * failure (the publication says what was not delivered).
     *
     * @param archiveOtherRegions whether a run limited with the {@code --regions} flag may still archive the
     *     findings of regions it did not audit; a scope from configuration (AUDIT_REGIONS) or discovery always may
     */
    public Run auditAndPublish(boolean archiveOtherRegions) {
        boolean spotCheck = settings.regions().filter(list -> list.inputName().equals(Setting.REGIONS.flag()))
                .isPresent() && !archiveOtherRegions;
        try (Publisher.Session session = publisher.begin(spotCheck
                ? settings.regions().map(AuditSettings.RegionList::names) : Optional.empty())) {
            AuditReport report = engine.run(homeRegion, settings.regions(), session::accountKnown);
            return new Run(report, Optional.of(session.publish(report)));
        }
    }

    /**
     * Re-audits, and publishes, only the regions that management calls concern: their configurations are read
     * first to tell which regions those are (every audited region's for a call to IAM, which is global), and
     * calls that concern none are set aside without an audit. The alert names the calls; like a spot check,
     * the run archives nothing of other regions.
     *
     * @param decided told which regions the calls concern, before they are audited (for the log)
     */
    public ChangeRun auditChanges(List<ChangeEvent> events, Consumer<ChangeScope.Decision> decided) {
        String partition = selector.partitionOfHome(homeRegion);
        Set<String> audited = new TreeSet<>(settings.regions().map(AuditSettings.RegionList::names)
                .orElseGet(() -> List.copyOf(selector.bedrockRegions(partition))));
        Map<String, CompletableFuture<LoggingState>> reads = new TreeMap<>();
        for (String region : ChangeScope.candidates(events, audited)) {
            reads.put(region, workers.start(() -> loggingStates.read(region),
                    error -> new LoggingState.Unknown("internal error " + error.getClass().getSimpleName())));
        }
        Map<String, LoggingState> states = new TreeMap<>();
        reads.forEach((region, read) -> states.put(region, read.join()));
        ChangeScope.Decision decision = ChangeScope.decide(events, audited, states);
        decided.accept(decision);
        if (decision.regions().isEmpty()) {
            return new ChangeRun(decision, Optional.empty());
        }
        try (Publisher.Session session = publisher.begin(Optional.of(decision.regions()), decision.events())) {
            AuditReport report = engine.runChanged(homeRegion, decision.regions(), states, session::accountKnown);
            return new ChangeRun(decision, Optional.of(new Run(report, Optional.of(session.publish(report)))));
        }
    }

    /** The findings in ASFF as this run would import them, without reading or writing Security Hub. */
    public List<AwsSecurityFinding> preview(AuditReport report) {
        return publisher.preview(report);
    }

    /**
     * An account's audit in an organization run, published only up to the alert: the run sends one alert for
     * every account, then {@link #deliver} imports the findings saying whether it reached the operator.
     */
    public final class AccountRun implements AutoCloseable {
        private final AuditReport report;
        private final Optional<Publisher.Session> session;
        private final Optional<Publisher.Prepared> prepared;

        private AccountRun(AuditReport report, Optional<Publisher.Session> session,
                Optional<Publisher.Prepared> prepared) {
            this.report = report;
            this.session = session;
            this.prepared = prepared;
        }

        public AuditReport report() {
            return report;
        }

        /** What the alert needs of this account; empty when the run does not publish. */
        public Optional<Publisher.Prepared> prepared() {
            return prepared;
        }

        public Optional<Publisher.Published> deliver(AlertOutcome alert) {
            return prepared.map(ready -> session.orElseThrow().deliver(ready, alert));
        }

        @Override
        public void close() {
            session.ifPresent(Publisher.Session::close);
        }
    }

    /**
     * Audits every region of this account, and when publishing reads its earlier findings and plans the
     * delivery (alongside the audit, as {@link #auditAndPublish} does).
     */
    public AccountRun auditForOrganization(boolean publish) {
        if (!publish) {
            return new AccountRun(audit(), Optional.empty(), Optional.empty());
        }
        // As for one account: regions named with the flag are a spot check that archives no other region's findings.
        Publisher.Session session = publisher.begin(settings.regions()
                .filter(list -> list.inputName().equals(Setting.REGIONS.flag())).map(AuditSettings.RegionList::names));
        try {
            AuditReport report = engine.run(homeRegion, settings.regions(), session::accountKnown);
            return new AccountRun(report, Optional.of(session), Optional.of(session.prepare(report)));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public void close() {
        clients.close();
        if (role.ownsThreads) {
            workers.close();
        }
    }

    /** The findings region and alert topic must be in the home region's partition. */
    static void checkSettings(RegionCatalog catalog, AuditSettings settings, String homeRegion, String partition) {
        // The audit checks named regions again, with its warnings; here a typo stops the handler as it starts, like
        // every other bad variable, instead of failing each invocation (and being retried) later.
        settings.regions().ifPresent(list -> new RegionSelector(catalog).explicit(homeRegion, list.names(),
                list.inputName(), list::typed));
        settings.findingsRegion().ifPresent(region -> checkInPartition(catalog, partition, homeRegion,
                region.name(), region.typed(), region.inputName()));
        settings.alertTopic().ifPresent(topic -> checkTopic(catalog, partition, homeRegion, topic));
    }

    /** @param typed the region as the user wrote it, quoted in errors */
    private static void checkInPartition(RegionCatalog catalog, String partition, String homeRegion, String region,
            String typed, String inputName) {
        Optional<String> regionPartition = catalog.partitionOf(region);
        if (regionPartition.isEmpty()) {
            throw new ConfigurationException(inputName + " names '" + typed
                    + "', which is not an AWS region known to this auditor");
        }
        if (!regionPartition.get().equals(partition)) {
            throw new ConfigurationException(inputName + " names '" + typed + "' of partition " + regionPartition.get()
                    + ", outside partition " + partition + " of the home region " + homeRegion);
        }
    }

    private static void checkTopic(RegionCatalog catalog, String partition, String homeRegion, TopicArn topic) {
        String input = "the alert topic " + topic.arn();
        if (!topic.partition().equals(partition)) {
            throw new ConfigurationException(input + " is in partition " + topic.partition() + ", but the home region "
                    + homeRegion + " is in " + partition);
        }
        checkInPartition(catalog, partition, homeRegion, topic.region(), topic.region(), input);
    }
}
