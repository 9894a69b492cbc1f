package dev.bedrockauditor.app;

import dev.bedrockauditor.alert.Alerting;
import dev.bedrockauditor.alert.OrganizationAlert;
import dev.bedrockauditor.asff.AsffMapper;
import dev.bedrockauditor.aws.AwsClients;
import dev.bedrockauditor.aws.FailureReasons;
import dev.bedrockauditor.aws.HomeRegion;
import dev.bedrockauditor.aws.MemberRoles;
import dev.bedrockauditor.aws.OrganizationAccounts;
import dev.bedrockauditor.aws.SecurityHubStore;
import dev.bedrockauditor.aws.SnsAlertSender;
import dev.bedrockauditor.aws.StsAccountIdentity;
import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.config.AccountScope;
import dev.bedrockauditor.config.AuditSettings;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.controls.MemberAccountsCheck;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.HubProblem;
import dev.bedrockauditor.domain.MemberAccount;
import dev.bedrockauditor.domain.OrganizationReport;
import dev.bedrockauditor.domain.Product;
import dev.bedrockauditor.domain.PublicationReport.AlertOutcome;
import dev.bedrockauditor.domain.RegionScope;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.UnauditedAccount;
import dev.bedrockauditor.engine.AuditLog;
import dev.bedrockauditor.publish.Publisher;
import dev.bedrockauditor.publish.Routing;
import dev.bedrockauditor.regions.RegionCatalog;
import dev.bedrockauditor.regions.RegionSelector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.utils.IoUtils;

/**
 * Audits the accounts of an organization from one deployment: lists them, enters each member through its role
 * (the auditor's own account with its own credentials), audits every account as a single-account run would, all
 * at once under one cap on regions read at a time, and publishes each account's findings into its own hubs. One
 * alert covers the whole run; an account that could not be audited is named with its reason in the report, the
 * alert and a finding kept in the auditor's own account.
 *
 * <p>A run with a time limit (Lambda's) starts an account only while there is time to finish it: findings are
 * published once every account is done, so a run cut off by its limit would publish nothing at all.
 */
public final class OrganizationAuditor implements AutoCloseable {

    /**
     * The calls an account started last may still wait for one after the other: the five steps of its audit and
     * step 3b ("How long a run waits" in README.md), then the alert, the imports and the archived copies, each
     * bounded by the call timeout.
     */
    static final int CALLS_IN_A_ROW = 9;

    private final AuditSettings settings;
    private final String homeRegion;
    private final String partition;
    private final RegionSelector selector;
    private final AuditLog log;
    private final AwsClients clients;
    private final Workers workers;
    private final Workers.Gate gate;
    private final StsAccountIdentity identity;
    private final OrganizationAccounts organization;
    private final MemberRoles roles;
    private final MemberAccountsCheck coverageCheck = new MemberAccountsCheck();
    private final Alerting alerting;
    private final Publisher coveragePublisher;
    private final Clock clock = Clock.systemUTC();

    /** @throws ConfigurationException when the settings are not for an organization, or do not fit the partition */
    public OrganizationAuditor(AuditSettings settings, String homeRegion, AuditLog log,
            List<ExecutionInterceptor> interceptors) {
        if (!settings.accounts().organizationMode()) {
            throw new IllegalArgumentException("an organization audit needs --organization or --accounts");
        }
        RegionCatalog catalog = RegionCatalog.fromSdkMetadata();
        this.selector = new RegionSelector(catalog);
        this.partition = selector.partitionOfHome(homeRegion);
        Auditor.checkSettings(catalog, settings, homeRegion, partition);
        this.settings = settings;
        this.homeRegion = homeRegion;
        this.log = log;
        this.clients = new AwsClients(settings.attemptTimeout(), settings.callTimeout(), interceptors);
        this.workers = new Workers("bedrock-auditor");
        this.gate = workers.gate(settings.maxConcurrency());
        FailureReasons reasons = new FailureReasons(settings.attemptTimeout(), settings.callTimeout());
        this.identity = new StsAccountIdentity(clients, homeRegion, reasons);
        this.organization = new OrganizationAccounts(clients, homeRegion, reasons);
        this.roles = new MemberRoles(clients, homeRegion, partition, settings.memberRole(), reasons);
        this.alerting = new Alerting(new SnsAlertSender(clients, reasons), settings.alertTopic(), settings.alertOn(),
                log);
        // Its own alerting has no topic: the run checks the topic once and sends the one alert itself.
        this.coveragePublisher = new Publisher(new SecurityHubStore(clients, reasons), new AsffMapper(Product.current()),
                new Routing(homeRegion, settings.findingsRegion().map(AuditSettings.NamedRegion::name),
                        catalog.regionsIn(partition)),
                Set.of(MemberAccountsCheck.ID), new Alerting(new SnsAlertSender(clients, reasons), Optional.empty(),
                        settings.alertOn(), log), workers, new AccountLog("member-accounts finding", log), clock);
    }

    /** With the home region from the SDK's region chain. */
    public static OrganizationAuditor create(AuditSettings settings, AuditLog log) {
        return new OrganizationAuditor(settings, HomeRegion.resolve(), log, List.of());
    }

    /**
     * Audits every account in scope and, when {@code publish}, imports each account's findings into its own hubs
     * and sends the one alert.
     *
     * @throws ConfigurationException when the organization cannot be listed, the auditor's own account cannot be
     *     identified, or the settings name an account that is not in the organization
     */
    public Run run(boolean publish) {
        return run(publish, Optional.empty());
    }

    /**
     * As {@link #run(boolean)}, within a time limit.
     *
     * @param timeLeft how long the run may still take (Lambda's remaining time), asked as each account's turn
     *     comes: an account is started only while at least {@link #CALLS_IN_A_ROW} call timeouts are left (at most
     *     half the time left when the run began), and named as not audited otherwise. No time left at the start
     *     means no deadline is known (a runtime that sent none), not that none is left: then there is no limit.
     */
    public Run run(boolean publish, Optional<Supplier<Duration>> timeLeft) {
        Instant startedAt = clock.instant();
        Optional<TimeBudget> budget = timeLeft.flatMap(left -> {
            Duration atStart = left.get();
            if (atStart.isNegative() || atStart.isZero()) {
                log.warn("The invocation reported " + atStart.toMillis() + " ms left at its start, so its deadline is"
                        + " unknown: accounts are started without a time limit");
                return Optional.empty();
            }
            return Optional.of(new TimeBudget(left, reserve(settings.callTimeout(), atStart), settings.callTimeout()));
        });
        CompletableFuture<Optional<String>> topicProblem = publish
                ? CompletableFuture.supplyAsync(alerting::checkTopic, workers)
                : CompletableFuture.completedFuture(Optional.empty());
        CompletableFuture<String> central = CompletableFuture.supplyAsync(identity::accountId, workers);
        CompletableFuture<List<MemberAccount>> listed = CompletableFuture.supplyAsync(
                () -> organization.list(scopeInput()), workers);
        String centralId = Workers.resultOrItsError(central);
        Scope scope = scope(Workers.resultOrItsError(listed));
        log.info("Auditing " + scope.targets().size() + " account(s) of the organization from account " + centralId
                + " (" + scope.description() + ")" + (scope.notActive().isEmpty() ? ""
                        : "; " + scope.notActive().size() + " more not ACTIVE") + ".");

        // Enough accounts at once to keep every region permit busy while others assume roles or read their hubs,
        // and no more: each account in flight holds its threads, clients and hub reads.
        Workers.Gate accounts = workers.gate(accountsAtOnce(scope.targets().size()));
        Map<String, CompletableFuture<Outcome>> runs = new LinkedHashMap<>();
        for (MemberAccount account : scope.targets()) {
            runs.put(account.id(), accounts.start(() -> {
                Optional<String> tooLate = budget.flatMap(TimeBudget::tooLate);
                return tooLate.isPresent()
                        ? new Outcome.Skipped(new UnauditedAccount(account.id(), account.name(), tooLate.get()))
                        : audit(account, centralId, publish);
            }, error -> new Outcome.Skipped(
                    new UnauditedAccount(account.id(), account.name(), "internal error "
                            + error.getClass().getSimpleName() + ": " + error.getMessage()))));
        }
        List<Outcome.Audited> audited = new ArrayList<>();
        List<UnauditedAccount> unaudited = new ArrayList<>(scope.notActive());
        try {
            runs.forEach((id, run) -> {
                Outcome outcome = Workers.join(run, error -> new Outcome.Skipped(new UnauditedAccount(id, "",
                        "the run was interrupted before this account was audited")));
                if (outcome instanceof Outcome.Audited done) {
                    audited.add(done);
                } else if (outcome instanceof Outcome.Skipped skipped) {
                    unaudited.add(skipped.account());
                }
            });
            unaudited.sort(Comparator.comparing(UnauditedAccount::id));
            unaudited.forEach(account -> log.warn("account " + account.label() + " was not audited: "
                    + account.reason()));
            Finding coverage = coverageCheck.evaluate(homeRegion, audited.size(), unaudited, hubProblems(audited));
            AuditReport coverageReport = new AuditReport(centralId, partition, homeRegion, startedAt, clock.instant(),
                    new RegionScope(List.of(homeRegion), RegionScope.Source.EXPLICIT), new TreeMap<>(), new TreeMap<>(),
                    List.of(coverageCheck.control()), List.of(coverage), List.of());
            Map<String, Publisher.Published> publications = new TreeMap<>();
            Optional<Publisher.Published> coveragePublication = publish
                    ? Optional.of(publishAll(coverageReport, audited, unaudited, topicProblem.join(), publications))
                    : Optional.empty();
            List<AwsSecurityFinding> asff = new ArrayList<>();
            List<OrganizationReport.AccountAudit> reports = new ArrayList<>();
            for (Outcome.Audited done : audited) {
                Optional<Publisher.Published> published = Optional.ofNullable(publications.get(done.account().id()));
                asff.addAll(published.map(Publisher.Published::imported)
                        .orElseGet(() -> done.auditor().preview(done.run().report())));
                reports.add(new OrganizationReport.AccountAudit(done.account().name(), done.run().report(),
                        published.map(Publisher.Published::report)));
            }
            asff.addAll(coveragePublication.map(Publisher.Published::imported)
                    .orElseGet(() -> coveragePublisher.preview(coverageReport)));
            return new Run(new OrganizationReport(centralId, partition, homeRegion, startedAt, clock.instant(),
                    scope.description(), reports, unaudited, coverage,
                    coveragePublication.map(Publisher.Published::report)), asff);
        } finally {
            audited.forEach(Outcome.Audited::close);
        }
    }

    /**
     * An organization run: its report, and every finding in ASFF as imported (when published) or as it would be
     * imported, each account's first, then the member-accounts finding.
     */
    public record Run(OrganizationReport report, List<AwsSecurityFinding> asff) {
        public Run {
            asff = List.copyOf(asff);
        }
    }

    /** What auditing one account came to. */
    private sealed interface Outcome {
        record Audited(MemberAccount account, Auditor auditor, Auditor.AccountRun run,
                Optional<AwsCredentialsProvider> credentials) implements Outcome {
            void close() {
                IoUtils.closeQuietly(run, null);
                IoUtils.closeQuietly(auditor, null);
                closeCredentials(credentials);
            }
        }

        record Skipped(UnauditedAccount account) implements Outcome {}
    }

    private Outcome audit(MemberAccount account, String centralId, boolean publish) {
        boolean own = account.id().equals(centralId);
        Optional<AwsCredentialsProvider> credentials = Optional.empty();
        AwsClients accountClients;
        if (own) {
            accountClients = clients.sameAccount();
        } else {
            MemberRoles.Entry entry = roles.enter(account);
            if (entry instanceof MemberRoles.Entry.Refused refused) {
                return new Outcome.Skipped(new UnauditedAccount(account.id(), account.name(), refused.reason()));
            }
            AwsCredentialsProvider entered = ((MemberRoles.Entry.Entered) entry).credentials();
            credentials = Optional.of(entered);
            accountClients = clients.forAccount(entered);
        }
        Auditor auditor = new Auditor(settings.forAccountOfOrganization(own), homeRegion,
                new AccountLog(account.label(), log), accountClients, workers, Optional.of(gate),
                Auditor.Role.ORGANIZATION_MEMBER);
        try {
            Auditor.AccountRun run = auditor.auditForOrganization(publish);
            // What waits for the alert needs only the account's Security Hub CSPM clients.
            accountClients.closeAllBut(publish ? Set.of(AwsClients.SECURITY_HUB) : Set.of());
            if (!run.report().accountId().equals(account.id())) {
                // A role that leads elsewhere (a mistyped trust, a role chained onward) must not pass as this account.
                String actual = run.report().accountId();
                run.close();
                throw new ConfigurationException("the credentials for " + roles.roleArn(account.id()) + " act as account "
                        + actual + ", not " + account.id());
            }
            return new Outcome.Audited(account, auditor, run, credentials);
        } catch (ConfigurationException e) {
            auditor.close();
            closeCredentials(credentials);
            return new Outcome.Skipped(new UnauditedAccount(account.id(), account.name(), e.getMessage()));
        }
    }

    /**
     * The time an account needs from its turn to its findings delivered, at worst: every call in a row waiting out
     * its call timeout; but at most half the time the run has, so a long call timeout still leaves room to audit.
     */
    static Duration reserve(Duration callTimeout, Duration timeLeftAtStart) {
        Duration worst = callTimeout.multipliedBy(CALLS_IN_A_ROW);
        Duration half = timeLeftAtStart.dividedBy(2);
        return worst.compareTo(half) < 0 ? worst : half;
    }

    /** The time a run may still take, and how much of it an account needs once started. */
    private record TimeBudget(Supplier<Duration> left, Duration reserve, Duration callTimeout) {

        /** Why an account whose turn comes now is not started; empty while there is time to finish it. */
        Optional<String> tooLate() {
            Duration now = left.get();
            if (now.compareTo(reserve) >= 0) {
                return Optional.empty();
            }
            return Optional.of("not started: the run had " + now.toSeconds() + " s left, less than the "
                    + reserve.toSeconds() + " s an account may need to be audited and published (" + CALLS_IN_A_ROW
                    + " calls in a row at the " + callTimeout.toSeconds() + " s call timeout), so it stopped starting"
                    + " accounts to publish the others in time; audit fewer accounts per deployment (AuditAccounts,"
                    + " ExcludeAccounts) or give the function more memory, hence more CPU");
        }
    }

    /** A member role's credentials, which this run made and so must close. */
    private static void closeCredentials(Optional<AwsCredentialsProvider> credentials) {
        credentials.ifPresent(provider -> {
            if (provider instanceof AutoCloseable closeable) {
                IoUtils.closeQuietly(closeable, null);
            }
        });
    }

    /**
     * The coverage finding and every account's earlier findings read, one alert about all of them, then every
     * account's findings delivered at once, each storing whether that alert reached the operator.
     *
     * @param publications filled in with each audited account's publication
     * @return the coverage finding's publication
     */
    private Publisher.Published publishAll(AuditReport coverageReport, List<Outcome.Audited> audited,
            List<UnauditedAccount> unaudited, Optional<String> topicProblem,
            Map<String, Publisher.Published> publications) {
        try (Publisher.Session session = coveragePublisher.begin(Optional.of(List.of(homeRegion)))) {
            Publisher.Prepared coveragePrepared = session.prepare(coverageReport);
            List<OrganizationAlert.AccountPart> parts = audited.stream().map(done -> {
                Publisher.Prepared prepared = done.run().prepared().orElseThrow();
                return new OrganizationAlert.AccountPart(done.account().label(), prepared.report(), prepared.changes(),
                        prepared.context());
            }).toList();
            Finding coverage = coverageReport.findings().get(0);
            AlertOutcome alert = alerting.alertOrganization(new OrganizationAlert(coverageReport.accountId(), partition,
                    clock.instant(), parts, unaudited, coverage, coveragePrepared.changes(),
                    coveragePrepared.subjectIdsBefore(coverage)), topicProblem);
            Map<String, CompletableFuture<Optional<Publisher.Published>>> deliveries = new LinkedHashMap<>();
            for (Outcome.Audited done : audited) {
                deliveries.put(done.account().id(), CompletableFuture.supplyAsync(() -> done.run().deliver(alert),
                        workers));
            }
            Publisher.Published coveragePublication = session.deliver(coveragePrepared, alert);
            deliveries.forEach((id, delivery) -> delivery.join().ifPresent(done -> publications.put(id, done)));
            return coveragePublication;
        }
    }

    /**
     * The audited accounts' hubs that refuse their findings or cannot take them this run, as publishing found
     * them before the alert: a blind spot in that account's own Security Hub CSPM though its logging was audited.
     */
    private List<HubProblem> hubProblems(List<Outcome.Audited> audited) {
        List<HubProblem> problems = new ArrayList<>();
        for (Outcome.Audited done : audited) {
            done.run().prepared().ifPresent(prepared -> {
                String label = done.account().label();
                Function<String, Resource> hub = region -> Resource.hub(partition, done.account().id(), region);
                prepared.context().fallbacks().forEach(fallback -> problems.add(HubProblem.refusing(label,
                        hub.apply(fallback.fromHub()), "Security Hub CSPM in " + fallback.fromHub()
                                + " refuses findings (" + fallback.reason() + "), so its findings go to "
                                + fallback.toHub())));
                prepared.context().undelivered().stream().map(lost -> lost.hubRegion()).distinct().forEach(region ->
                        problems.add(HubProblem.undelivered(label, hub.apply(region),
                                "findings for Security Hub CSPM in " + region + " cannot be delivered this run")));
            });
        }
        return problems;
    }

    /**
     * Accounts audited at the same time: twice as many as it takes for their regions to fill the region cap, so
     * the cap stays full while some accounts are between regions (assuming the role, reading hubs).
     */
    private int accountsAtOnce(int accounts) {
        int regionsPerAccount = settings.regions().map(list -> list.names().size())
                .orElseGet(() -> selector.bedrockRegions(partition).size());
        int needed = 2 * ((settings.maxConcurrency() + regionsPerAccount - 1) / Math.max(1, regionsPerAccount));
        return Math.max(1, Math.min(accounts, Math.max(2, needed)));
    }

    /** The accounts to audit, those in scope but not ACTIVE, and how they were chosen. */
    private record Scope(List<MemberAccount> targets, List<UnauditedAccount> notActive, String description) {}

    private Scope scope(List<MemberAccount> accounts) {
        Map<String, MemberAccount> byId = new TreeMap<>();
        accounts.forEach(account -> byId.put(account.id(), account));
        if (byId.isEmpty()) {
            // AWS always lists the management account; an emulator may list none.
            throw new ConfigurationException("nothing to audit: organizations:ListAccounts lists no account");
        }
        List<MemberAccount> chosen;
        String description;
        if (settings.accounts() instanceof AccountScope.Organization whole) {
            whole.excluded().forEach(id -> requireMember(byId, id, whole.excludedBy()));
            chosen = byId.values().stream().filter(account -> !whole.excluded().contains(account.id())).toList();
            description = "every account of the organization" + (whole.excluded().isEmpty() ? ""
                    : " but the " + whole.excluded().size() + " excluded by " + whole.excludedBy());
        } else if (settings.accounts() instanceof AccountScope.Listed list) {
            list.ids().forEach(id -> requireMember(byId, id, list.inputName()));
            chosen = list.ids().stream().map(byId::get).toList();
            description = "the " + list.ids().size() + " account(s) named by " + list.inputName();
        } else {
            throw new IllegalStateException("not an organization audit");
        }
        if (chosen.isEmpty()) {
            throw new ConfigurationException("nothing to audit: " + description + " leaves no account");
        }
        List<MemberAccount> targets = chosen.stream().filter(MemberAccount::active).toList();
        List<UnauditedAccount> notActive = chosen.stream().filter(account -> !account.active())
                .map(account -> new UnauditedAccount(account.id(), account.name(), "the account is "
                        + account.status() + " in the organization, so no role can be assumed in it"))
                .toList();
        return new Scope(targets, notActive, description);
    }

    private static void requireMember(Map<String, MemberAccount> byId, String id, String inputName) {
        if (!byId.containsKey(id)) {
            throw new ConfigurationException(inputName + " names account " + id + ", which is not an account of the"
                    + " organization (organizations:ListAccounts lists " + byId.size() + ": "
                    + byId.keySet().stream().limit(10).collect(Collectors.joining(", "))
                    + (byId.size() > 10 ? ", ..." : "") + ")");
        }
    }

    private String scopeInput() {
        if (settings.accounts() instanceof AccountScope.Organization whole) {
            return whole.inputName();
        }
        if (settings.accounts() instanceof AccountScope.Listed list) {
            return list.inputName();
        }
        throw new IllegalStateException("not an organization audit");
    }

    @Override
    public void close() {
        workers.close();
        clients.close();
    }

    /** Log lines of one account's audit, led by the account, since accounts are audited at once. */
    private record AccountLog(String account, AuditLog log) implements AuditLog {
        @Override
        public void info(String message) {
            log.info("[" + account + "] " + message);
        }

        @Override
        public void warn(String message) {
            log.warn("[" + account + "] " + message);
        }
    }
}
