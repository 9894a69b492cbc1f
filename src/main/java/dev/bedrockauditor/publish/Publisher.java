package dev.bedrockauditor.publish;

import dev.bedrockauditor.alert.AlertFormatter;
import dev.bedrockauditor.alert.AlertMessage;
import dev.bedrockauditor.alert.AlertSender;
import dev.bedrockauditor.asff.AsffMapper;
import dev.bedrockauditor.asff.StoredFinding;
import dev.bedrockauditor.config.AlertOn;
import dev.bedrockauditor.config.TopicArn;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.FindingKey;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.domain.PublicationReport.AlertOutcome;
import dev.bedrockauditor.domain.PublicationReport.Fallback;
import dev.bedrockauditor.domain.PublicationReport.Undelivered;
import dev.bedrockauditor.engine.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * Publishes a report: reads what earlier runs left in Security Hub, imports every finding (updating in
 * place, keeping CreatedAt and FirstObservedAt), falls back to the home region where a hub refuses,
 * archives findings that no longer apply, and sends at most one alert. Everything that can be delivered
 * is delivered before a failure is reported.
 */
public final class Publisher {

    private final FindingStore store;
    private final AlertSender alerts;
    private final AsffMapper mapper;
    private final Routing routing;
    private final Optional<TopicArn> topic;
    private final AlertOn alertOn;
    private final Set<String> controlIds;
    private final int maxConcurrency;
    private final AuditLog log;
    private final Clock clock;

    /**
     * Where findings go and which hubs hold earlier ones.
     *
     * @param findingsRegion the one hub for every finding, if set; else each finding's own region
     * @param candidateRegions regions whose hubs may hold earlier findings when each region has its own
     */
    public record Routing(String homeRegion, Optional<String> findingsRegion, Set<String> candidateRegions) {
        public Routing {
            candidateRegions = Set.copyOf(candidateRegions);
        }

        String hubFor(String region) {
            return findingsRegion.orElse(region);
        }

        /** Every hub this run may write to or find earlier findings in. */
        Set<String> hubsToRead(AuditReport report) {
            Set<String> hubs = new TreeSet<>();
            hubs.add(homeRegion);
            if (findingsRegion.isPresent()) {
                hubs.add(findingsRegion.get());
            } else {
                hubs.addAll(candidateRegions);
                hubs.addAll(report.scope().regions());
            }
            return hubs;
        }
    }

    public Publisher(
            FindingStore store, AlertSender alerts, AsffMapper mapper, Routing routing, Optional<TopicArn> topic,
            AlertOn alertOn, Set<String> controlIds, int maxConcurrency, AuditLog log, Clock clock) {
        this.store = store;
        this.alerts = alerts;
        this.mapper = mapper;
        this.routing = routing;
        this.topic = topic;
        this.alertOn = alertOn;
        this.controlIds = Set.copyOf(controlIds);
        this.maxConcurrency = maxConcurrency;
        this.log = log;
        this.clock = clock;
    }

    /** The findings as they would be imported by this run, for printing; no earlier state is read. */
    public List<AwsSecurityFinding> preview(AuditReport report) {
        Instant now = clock.instant();
        String stamp = AsffMapper.timestamp(now);
        return report.findings().stream()
                .map(finding -> mapper.toAsff(finding, report.partition(), report.accountId(),
                        routing.hubFor(finding.region()), stamp, stamp, now))
                .toList();
    }

    /** What publishing did, and the findings exactly as imported (for printing them as ASFF). */
    public record Published(PublicationReport report, List<AwsSecurityFinding> imported) {
        public Published {
            imported = List.copyOf(imported);
        }
    }

    public Published publish(AuditReport report) {
        Instant now = clock.instant();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Earlier earlier = readEarlier(report, warnings);

        // Import every finding into its hub, keeping what Security Hub already knows of it.
        Map<String, List<AwsSecurityFinding>> byHub = new TreeMap<>();
        for (Finding finding : report.findings()) {
            FindingKey key = new FindingKey(finding.region(), finding.controlId());
            String stamp = AsffMapper.timestamp(now);
            Optional<StoredFinding> first = earlier.first(key);
            String createdAt = first.map(StoredFinding::createdAt).filter(s -> s != null && !s.isBlank()).orElse(stamp);
            String firstObservedAt = first.map(StoredFinding::firstObservedAt)
                    .filter(s -> s != null && !s.isBlank()).orElse(createdAt);
            String hub = routing.hubFor(finding.region());
            byHub.computeIfAbsent(hub, h -> new ArrayList<>()).add(mapper.toAsff(finding, report.partition(),
                    report.accountId(), hub, createdAt, firstObservedAt, now));
        }
        Delivery delivery = new Delivery();
        inParallel(byHub.entrySet().stream()
                .<Callable<Void>>map(entry -> () -> {
                    deliver(report, entry.getKey(), entry.getValue(), delivery);
                    return null;
                })
                .toList());

        int archived = archive(report, earlier, delivery, now);
        Map<FindingKey, Changes.Previous> previous = earlier.latestActive();
        Changes changes = Changes.between(report.findings(), previous);
        List<Fallback> fallbacks = List.copyOf(delivery.fallbacks);
        List<Undelivered> undelivered = delivery.undelivered.stream()
                .sorted(Comparator.comparing(Undelivered::findingId)).toList();
        AlertOutcome alert = alert(report, changes, fallbacks, undelivered);
        Map<String, Integer> importedByHub = new TreeMap<>(delivery.countByHub);
        PublicationReport publication = new PublicationReport(
                importedByHub, archived, fallbacks, undelivered, changes, alert, warnings);
        log.info(publication.summaryLine());
        return new Published(publication, delivery.imported);
    }

    /** Findings earlier runs left, from every hub that could be read. */
    private Earlier readEarlier(AuditReport report, List<String> warnings) {
        Set<String> hubs = routing.hubsToRead(report);
        Map<String, List<StoredFinding>> found = new ConcurrentHashMap<>();
        inParallel(hubs.stream().<Callable<Void>>map(hub -> () -> {
            String productArn = AsffMapper.productArn(report.partition(), hub, report.accountId());
            try {
                List<StoredFinding> stored = new ArrayList<>();
                for (AwsSecurityFinding asff : store.read(hub, productArn, report.accountId(), controlIds)) {
                    mapper.read(asff, hub, report.partition(), report.accountId(), controlIds).ifPresent(stored::add);
                }
                found.put(hub, stored);
            } catch (HubUnavailableException e) {
                boolean expected = e.refusesImports() && !report.scope().regions().contains(hub)
                        && !hub.equals(routing.homeRegion()) && routing.findingsRegion().isEmpty();
                String message = "earlier findings in " + hub + " could not be read (" + e.getMessage() + ")";
                if (expected) {
                    // Most accounts enable Security Hub in few regions; a hub outside the scope is just absent.
                    log.info(message + "; skipped");
                } else {
                    log.warn(message + "; findings there are treated as new and none is archived there");
                    warnings.add(message);
                }
            }
            return null;
        }).toList());
        return new Earlier(found.values().stream().flatMap(List::stream).toList());
    }

    private void deliver(AuditReport report, String hub, List<AwsSecurityFinding> findings, Delivery delivery) {
        try {
            delivery.record(hub, findings, store.write(hub, findings));
        } catch (HubUnavailableException refused) {
            String home = routing.homeRegion();
            if (!refused.refusesImports() || hub.equals(home)) {
                delivery.lost(hub, findings, refused.getMessage());
                return;
            }
            log.warn("Security Hub in " + hub + " refused " + findings.size() + " finding(s) (" + refused.getMessage()
                    + "); importing them into the home region " + home);
            List<AwsSecurityFinding> moved = findings.stream()
                    .map(finding -> mapper.movedTo(finding, report.partition(), report.accountId(), home))
                    .toList();
            try {
                delivery.record(home, moved, store.write(home, moved));
                delivery.fallback(new Fallback(hub, home, findings.size(), refused.getMessage()));
            } catch (HubUnavailableException alsoRefused) {
                delivery.lost(home, moved, hub + " refused (" + refused.getMessage() + ") and the home region "
                        + home + " refused too (" + alsoRefused.getMessage() + ")");
            }
        }
    }

    /**
     * Archives active findings this run did not update in place: a copy left in another hub once the
     * finding was delivered elsewhere, and findings of regions that left the scope. The latter only when
     * the scope is known to be complete and every region was read, so a failed run never archives.
     */
    private int archive(AuditReport report, Earlier earlier, Delivery delivery, Instant now) {
        Set<FindingKey> current = report.findings().stream()
                .map(finding -> new FindingKey(finding.region(), finding.controlId()))
                .collect(Collectors.toSet());
        boolean mayArchiveAbsent = report.scope().authoritative() && report.summary().regionsNotChecked().isEmpty();
        Map<String, List<AwsSecurityFinding>> byHub = new TreeMap<>();
        for (StoredFinding stored : earlier.all) {
            if (!stored.active() || delivery.delivered(stored.hubRegion(), stored.id())) {
                continue;
            }
            boolean movedElsewhere = delivery.deliveredKeys.contains(stored.key());
            boolean leftScope = !current.contains(stored.key()) && mayArchiveAbsent;
            if (movedElsewhere || leftScope) {
                byHub.computeIfAbsent(stored.hubRegion(), h -> new ArrayList<>()).add(mapper.archived(stored, now));
            }
        }
        Delivery archives = new Delivery();
        inParallel(byHub.entrySet().stream().<Callable<Void>>map(entry -> () -> {
            try {
                archives.record(entry.getKey(), entry.getValue(), store.write(entry.getKey(), entry.getValue()));
            } catch (HubUnavailableException e) {
                archives.lost(entry.getKey(), entry.getValue(), "archiving failed: " + e.getMessage());
            }
            return null;
        }).toList());
        delivery.undelivered.addAll(archives.undelivered);
        return archives.countByHub.values().stream().mapToInt(Integer::intValue).sum();
    }

    private AlertOutcome alert(AuditReport report, Changes changes, List<Fallback> fallbacks,
            List<Undelivered> undelivered) {
        if (topic.isEmpty()) {
            return new AlertOutcome.NotSent("no alert topic is configured (ALERT_TOPIC_ARN or --topic-arn)");
        }
        Optional<String> skip = reasonNotToAlert(report, changes, undelivered);
        if (skip.isPresent()) {
            return new AlertOutcome.NotSent(skip.get());
        }
        AlertMessage message = AlertFormatter.format(report, changes, fallbacks, undelivered, routing.findingsRegion());
        try {
            return new AlertOutcome.Sent(alerts.send(topic.get(), message), message.subject());
        } catch (AlertSender.AlertFailedException e) {
            log.warn("the alert could not be sent to " + topic.get().arn() + ": " + e.getMessage());
            return new AlertOutcome.Failed(e.getMessage());
        }
    }

    /** Empty when this run should alert; a delivery failure always does, unless alerts are off. */
    private Optional<String> reasonNotToAlert(AuditReport report, Changes changes, List<Undelivered> undelivered) {
        if (alertOn == AlertOn.NEVER) {
            return Optional.of("ALERT_ON is NEVER");
        }
        if (!undelivered.isEmpty() || alertOn == AlertOn.ALWAYS) {
            return Optional.empty();
        }
        if (alertOn == AlertOn.FAILURES) {
            return report.findings().stream().anyMatch(Finding::needsAttention)
                    ? Optional.empty()
                    : Optional.of("ALERT_ON is FAILURES and nothing failed");
        }
        return changes.any() ? Optional.empty() : Optional.of("ALERT_ON is CHANGES and nothing changed");
    }

    private void inParallel(List<Callable<Void>> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxConcurrency, tasks.size()), runnable -> {
            Thread thread = new Thread(runnable, "publish");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (Future<Void> result : pool.invokeAll(tasks)) {
                result.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("publishing was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** What earlier runs left, across hubs. */
    private record Earlier(List<StoredFinding> all) {

        /** The oldest copy of a finding, whose CreatedAt and FirstObservedAt the finding keeps. */
        Optional<StoredFinding> first(FindingKey key) {
            return all.stream()
                    .filter(stored -> stored.key().equals(key))
                    .min(Comparator.comparing(stored -> AsffMapper.instant(stored.createdAt()).orElse(Instant.MAX)));
        }

        /** The latest active state per key, which this run's changes are measured against. */
        Map<FindingKey, Changes.Previous> latestActive() {
            Map<FindingKey, StoredFinding> latest = new HashMap<>();
            for (StoredFinding stored : all) {
                if (stored.active()) {
                    latest.merge(stored.key(), stored,
                            (a, b) -> a.updatedAt().isAfter(b.updatedAt()) ? a : b);
                }
            }
            Map<FindingKey, Changes.Previous> previous = new LinkedHashMap<>();
            latest.forEach((key, stored) ->
                    previous.put(key, new Changes.Previous(stored.status(), stored.neededAttention())));
            return previous;
        }
    }

    /** What reached which hub; filled in concurrently. */
    private static final class Delivery {
        final Map<String, Integer> countByHub = new ConcurrentHashMap<>();
        final Set<String> deliveredIds = ConcurrentHashMap.newKeySet();
        final Set<FindingKey> deliveredKeys = ConcurrentHashMap.newKeySet();
        final List<AwsSecurityFinding> imported = Collections.synchronizedList(new ArrayList<>());
        final List<Fallback> fallbacks = Collections.synchronizedList(new ArrayList<>());
        final List<Undelivered> undelivered = Collections.synchronizedList(new ArrayList<>());

        void record(String hub, List<AwsSecurityFinding> findings, List<FindingStore.Refusal> refusals) {
            Map<String, String> refused = new HashMap<>();
            refusals.forEach(refusal -> refused.put(refusal.findingId(), refusal.reason()));
            int delivered = 0;
            for (AwsSecurityFinding finding : findings) {
                String reason = refused.get(finding.id());
                if (reason != null) {
                    undelivered.add(new Undelivered(finding.id(), hub, reason));
                } else {
                    delivered++;
                    deliveredIds.add(hub + " " + finding.id());
                    imported.add(finding);
                    keyOf(finding).ifPresent(deliveredKeys::add);
                }
            }
            countByHub.merge(hub, delivered, Integer::sum);
        }

        void lost(String hub, List<AwsSecurityFinding> findings, String reason) {
            findings.forEach(finding -> undelivered.add(new Undelivered(finding.id(), hub, reason)));
        }

        void fallback(Fallback fallback) {
            fallbacks.add(fallback);
        }

        boolean delivered(String hub, String id) {
            return deliveredIds.contains(hub + " " + id);
        }

        private static Optional<FindingKey> keyOf(AwsSecurityFinding finding) {
            if (finding.resources().isEmpty() || finding.generatorId() == null) {
                return Optional.empty();
            }
            return Optional.of(new FindingKey(finding.resources().get(0).region(), finding.generatorId()));
        }
    }
}
