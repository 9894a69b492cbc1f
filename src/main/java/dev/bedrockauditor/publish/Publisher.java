package dev.bedrockauditor.publish;

import dev.bedrockauditor.alert.AlertContext;
import dev.bedrockauditor.domain.ChangeEvent;
import dev.bedrockauditor.alert.Alerting;
import dev.bedrockauditor.asff.AsffMapper;
import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.domain.Acknowledged;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.FindingKey;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.domain.PublicationReport.AlertOutcome;
import dev.bedrockauditor.engine.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * Publishes a report: Security Hub's earlier findings and the alert topic are checked while the audit runs;
 * then the alert goes out, measured against what the operator last knew; then the findings are imported,
 * storing whether the alert about them was delivered, so a change whose alert failed is alerted again.
 * Everything deliverable is delivered before a failure is reported.
 */
public final class Publisher {

    /** Undelivered findings named one per line in the log; a hub that takes nothing may leave a region's six. */
    private static final int MAX_UNDELIVERED_NAMED = 20;

    private final FindingLifecycle lifecycle;
    private final AsffMapper mapper;
    private final Alerting alerting;
    private final Workers workers;
    private final AuditLog log;
    private final Clock clock;

    /** @param workers where every hub is read and written, all at once */
    public Publisher(FindingStore store, AsffMapper mapper, Routing routing, Set<String> controlIds, Alerting alerting,
            Workers workers, AuditLog log, Clock clock) {
        this.lifecycle = new FindingLifecycle(store, mapper, routing, controlIds);
        this.mapper = mapper;
        this.alerting = alerting;
        this.workers = workers;
        this.log = log;
        this.clock = clock;
    }

    /** What publishing did, and the findings exactly as imported (for printing them as ASFF). */
    public record Published(PublicationReport report, List<AwsSecurityFinding> imported) {
        public Published {
            imported = List.copyOf(imported);
        }
    }

    /**
     * The findings as this run would import them, for printing; no earlier state is read. No alert was sent, so
     * nothing is acknowledged: imported by hand, they leave their failures to the next publishing run's alert.
     */
    public List<AwsSecurityFinding> preview(AuditReport report) {
        Instant now = clock.instant();
        String stamp = AsffMapper.timestamp(now);
        return report.findings().stream()
                .map(finding -> mapper.toAsff(finding, report.partition(), report.accountId(),
                        lifecycle.routing().hubFor(finding.region()), stamp, stamp, now, Optional.empty(),
                        Optional.empty()))
                .toList();
    }

    /**
     * Starts publishing alongside an audit: the topic is checked at once, Security Hub is read as soon as the
     * account is known.
     *
     * @param adHocRegions the regions of a spot check that must not archive other regions' findings, if it is one
     */
    public Session begin(Optional<List<String>> adHocRegions) {
        return begin(adHocRegions, List.of());
    }

    /** @param causes the management calls that made this run happen, which the alert names */
    public Session begin(Optional<List<String>> adHocRegions, List<ChangeEvent> causes) {
        return new Session(adHocRegions, causes);
    }

    /**
     * A report ready to deliver: its earlier findings, the plan, and what changed, with what the alert needs.
     */
    public static final class Prepared {
        private final AuditReport report;
        private final HubHistory earlier;
        private final FindingLifecycle.Plan plan;
        private final Changes changes;
        private final AlertContext context;

        private Prepared(AuditReport report, HubHistory earlier, FindingLifecycle.Plan plan, Changes changes,
                AlertContext context) {
            this.report = report;
            this.earlier = earlier;
            this.plan = plan;
            this.changes = changes;
            this.context = context;
        }

        public AuditReport report() {
            return report;
        }

        /** What changed since the state the operator last knew of. */
        public Changes changes() {
            return changes;
        }

        /** Where the findings go and what cannot be delivered, for the alert. */
        public AlertContext context() {
            return context;
        }

        /**
         * The accounts and hubs a finding of this report named when last imported, to tell the alert which came
         * and went; empty when unknown (see {@link AsffMapper#subjectIds}).
         */
        public Optional<Set<String>> subjectIdsBefore(Finding finding) {
            return earlier.subjectIds(key(finding));
        }

        HubHistory earlier() {
            return earlier;
        }

        FindingLifecycle.Plan plan() {
            return plan;
        }
    }

    /** One publishing run; closing it abandons what it started and did not wait for. */
    public final class Session implements AutoCloseable {

        private final Optional<List<String>> adHocRegions;
        private final List<ChangeEvent> causes;
        private final CompletableFuture<Optional<String>> topicProblem;
        private volatile CompletableFuture<HubHistory> history;

        private Session(Optional<List<String>> adHocRegions, List<ChangeEvent> causes) {
            this.adHocRegions = adHocRegions.map(List::copyOf);
            this.causes = List.copyOf(causes);
            this.topicProblem = CompletableFuture.supplyAsync(alerting::checkTopic, workers);
        }

        /** Starts reading earlier findings; called by the engine as soon as it knows the account. */
        public void accountKnown(String partition, String accountId) {
            if (history == null) {
                history = lifecycle.read(lifecycle.routing().hubsToRead(adHocRegions), partition, accountId, workers);
            }
        }

        public Published publish(AuditReport report) {
            Prepared prepared = prepare(report);
            return deliver(prepared, alerting.alert(report, prepared.changes(), prepared.context(), topicProblem.join()));
        }

        /**
         * Everything up to the alert: the earlier findings read, where each finding goes, and what changed since
         * the operator last knew. An organization run prepares every account, sends one alert, then delivers each.
         */
        public Prepared prepare(AuditReport report) {
            accountKnown(report.partition(), report.accountId());
            HubHistory earlier = history.join();
            logUnreadable(earlier);
            FindingLifecycle.Plan plan = lifecycle.plan(report, earlier);

            // A finding whose hub could not be read has no known baseline: it is reported as waiting, not as new.
            Set<Finding> imported = plan.byHub().values().stream().flatMap(List::stream).collect(Collectors.toSet());
            List<Finding> comparable = report.findings().stream().filter(imported::contains).toList();
            Map<FindingKey, Changes.Previous> baseline = new HashMap<>();
            for (Finding finding : comparable) {
                FindingKey key = key(finding);
                earlier.acknowledged(key).ifPresent(known -> baseline.put(key, known.previous()));
            }
            Changes changes = Changes.between(comparable, baseline);
            return new Prepared(report, earlier, plan, changes, new AlertContext(
                    region -> plan.hubOf(region, lifecycle.routing()), plan.fallbacks(), plan.waiting(), causes));
        }

        /**
         * Imports the findings and archives what no longer applies, storing whether the alert about them reached
         * the operator.
         *
         * @param alert what became of the alert that covers this account's changes
         */
        public Published deliver(Prepared prepared, AlertOutcome alert) {
            AuditReport report = prepared.report();
            HubHistory earlier = prepared.earlier();
            FindingLifecycle.Plan plan = prepared.plan();
            Changes changes = prepared.changes();
            FindingLifecycle.Delivery delivery = lifecycle.deliver(report, earlier, plan,
                    finding -> alert.acknowledged() ? Optional.of(Acknowledged.of(finding))
                            : earlier.acknowledged(key(finding)),
                    archivesOutOfScope(report), clock.instant(), workers);
            List<String> warnings = new ArrayList<>();
            unexpectedlyUnreadable(earlier).ifPresent(warnings::add);
            PublicationReport publication = new PublicationReport(delivery.importedByHub(), delivery.archived(),
                    delivery.fallbacks(), delivery.undelivered(), changes, alert, warnings);
            log.info(publication.summaryLine());
            // Named where every output shows them, the table's stderr included, not only in JSON and the alert.
            delivery.undelivered().stream().limit(MAX_UNDELIVERED_NAMED).forEach(lost -> log.warn("finding "
                    + lost.findingId() + " not delivered to Security Hub CSPM in " + lost.hubRegion() + ": "
                    + lost.reason()));
            if (delivery.undelivered().size() > MAX_UNDELIVERED_NAMED) {
                log.warn("... and " + (delivery.undelivered().size() - MAX_UNDELIVERED_NAMED) + " more finding(s)"
                        + " not delivered (all of them: --output json, or the alert)");
            }
            return new Published(publication, delivery.imported());
        }

        /**
         * Findings of regions outside the scope are archived only when the scope is the account's whole scope
         * (discovered, or configured), every region was read, and this is not a spot check of a few regions.
         */
        private boolean archivesOutOfScope(AuditReport report) {
            return adHocRegions.isEmpty() && report.scope().authoritative()
                    && report.states().values().stream().noneMatch(state -> state instanceof LoggingState.Unknown);
        }

        @Override
        public void close() {
            topicProblem.cancel(true);
            if (history != null) {
                history.cancel(true);
            }
        }
    }

    /**
     * One line for hubs that could not be read: INFO for those that take no findings and hold none of this
     * run's (Security Hub not enabled there, usually), WARN for the rest, whose stale findings stay as they are.
     */
    private void logUnreadable(HubHistory earlier) {
        Map<String, HubHistory.Unreadable> quiet = new TreeMap<>();
        earlier.unreadableHubs().forEach((hub, problem) -> {
            if (problem.refusesImports()) {
                quiet.put(hub, problem);
            }
        });
        if (!quiet.isEmpty()) {
            log.info("Security Hub CSPM takes no findings in " + quiet.size() + " region(s), so none of this auditor's can be"
                    + " there: " + grouped(quiet));
        }
    }

    private Optional<String> unexpectedlyUnreadable(HubHistory earlier) {
        Map<String, HubHistory.Unreadable> failing = new TreeMap<>();
        earlier.unreadableHubs().forEach((hub, problem) -> {
            if (!problem.refusesImports()) {
                failing.put(hub, problem);
            }
        });
        if (failing.isEmpty()) {
            return Optional.empty();
        }
        String warning = "earlier findings could not be read in " + failing.size() + " Security Hub CSPM region(s), so"
                + " nothing is imported or archived there this run: " + grouped(failing);
        log.warn(warning);
        return Optional.of(warning);
    }

    /** "a, b (reason); c (other reason)": hubs grouped by why they could not be read. */
    private static String grouped(Map<String, HubHistory.Unreadable> hubs) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        hubs.forEach((hub, problem) -> byReason.computeIfAbsent(problem.reason(), r -> new ArrayList<>()).add(hub));
        return byReason.entrySet().stream()
                .map(entry -> String.join(", ", entry.getValue()) + " (" + entry.getKey() + ")")
                .collect(Collectors.joining("; "));
    }

    private static FindingKey key(Finding finding) {
        return new FindingKey(finding.region(), finding.controlId());
    }

}
