package dev.bedrockauditor.publish;

import dev.bedrockauditor.asff.AsffMapper;
import dev.bedrockauditor.asff.StoredFinding;
import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.domain.Acknowledged;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.FindingKey;
import dev.bedrockauditor.domain.PublicationReport.Fallback;
import dev.bedrockauditor.domain.PublicationReport.Undelivered;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * Keeps Security Hub in step with the audit: reads what earlier runs left, imports every finding into its
 * hub (updating in place, keeping CreatedAt and FirstObservedAt, with an UpdatedAt later than the stored
 * one's), falls back to the home region where a hub
 * refuses, and archives findings that no longer apply. Hubs are read and written all at once, never in waves.
 */
final class FindingLifecycle {

    private final FindingStore store;
    private final AsffMapper mapper;
    private final Routing routing;
    private final Set<String> controlIds;

    FindingLifecycle(FindingStore store, AsffMapper mapper, Routing routing, Set<String> controlIds) {
        this.store = store;
        this.mapper = mapper;
        this.routing = routing;
        this.controlIds = Set.copyOf(controlIds);
    }

    Routing routing() {
        return routing;
    }

    /** This account's findings in every hub given, each hub read on its own thread. */
    CompletableFuture<HubHistory> read(Set<String> hubs, String partition, String accountId, Executor executor) {
        Map<String, List<StoredFinding>> found = new ConcurrentHashMap<>();
        Map<String, HubHistory.Unreadable> unreadable = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> reads = hubs.stream().map(hub -> CompletableFuture.runAsync(() -> {
            String productArn = AsffMapper.productArn(partition, hub, accountId);
            try {
                List<StoredFinding> stored = new ArrayList<>();
                for (AwsSecurityFinding asff : store.read(hub, productArn, accountId, controlIds)) {
                    mapper.read(asff, hub, partition, accountId, controlIds).ifPresent(stored::add);
                }
                found.put(hub, stored);
            } catch (HubUnavailableException e) {
                unreadable.put(hub, new HubHistory.Unreadable(e.getMessage(), e.refusesImports()));
            }
        }, executor)).toList();
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> new HubHistory(
                found.values().stream().flatMap(List::stream).toList(), unreadable));
    }

    /**
     * Where each finding goes, decided before the alert so the alert can tell: its hub; the home region where
     * its hub refuses findings; nowhere this run where its hub's earlier findings could not be read, since
     * importing there on a guess would give an existing finding a new CreatedAt and FirstObservedAt.
     */
    Plan plan(AuditReport report, HubHistory history) {
        String home = routing.homeRegion();
        Map<String, List<Finding>> byHub = new TreeMap<>();
        Map<String, Fallback> fallbacks = new TreeMap<>();
        List<Undelivered> waiting = new ArrayList<>();
        for (Finding finding : report.findings()) {
            String hub = routing.hubFor(finding.region());
            String target = hub;
            Optional<HubHistory.Unreadable> problem = history.unreadable(hub);
            if (problem.isPresent() && problem.get().refusesImports() && !hub.equals(home)) {
                Optional<HubHistory.Unreadable> atHome = history.unreadable(home);
                if (atHome.isPresent()) {
                    waiting.add(undelivered(report, finding, home, hub + " refuses findings (" + problem.get().reason()
                            + ") and the home region's earlier findings could not be read (" + atHome.get().reason()
                            + ")"));
                    continue;
                }
                target = home;
                fallbacks.merge(hub, new Fallback(hub, home, 1, problem.get().reason()),
                        (a, b) -> new Fallback(hub, home, a.findings() + 1, a.reason()));
            } else if (problem.isPresent()) {
                waiting.add(undelivered(report, finding, hub, problem.get().refusesImports()
                        ? "Security Hub CSPM in " + hub + " refuses findings (" + problem.get().reason() + ")"
                        : "its earlier findings could not be read (" + problem.get().reason() + "), and importing on a"
                                + " guess would reset its CreatedAt; the next run delivers it"));
                continue;
            }
            byHub.computeIfAbsent(target, h -> new ArrayList<>()).add(finding);
        }
        return new Plan(byHub, List.copyOf(fallbacks.values()), waiting);
    }

    /**
     * What publishing will do with each finding.
     *
     * @param byHub the findings to import, by the hub that takes them
     * @param fallbacks hubs that refuse findings, whose findings go to the home region
     * @param waiting findings not imported this run, and why
     */
    record Plan(Map<String, List<Finding>> byHub, List<Fallback> fallbacks, List<Undelivered> waiting) {

        /** The hub that will hold an audited region's findings, for links in the alert. */
        String hubOf(String region, Routing routing) {
            return byHub.entrySet().stream()
                    .filter(entry -> entry.getValue().stream().anyMatch(finding -> finding.region().equals(region)))
                    .map(Map.Entry::getKey).findFirst().orElse(routing.hubFor(region));
        }
    }

    /** What reached which hub. */
    record Delivery(Map<String, Integer> importedByHub, int archived, List<Fallback> fallbacks,
            List<Undelivered> undelivered, List<AwsSecurityFinding> imported) {}

    /**
     * Imports the plan, then archives what no longer applies.
     *
     * @param acknowledged what to store as known to the operator for each finding
     * @param archiveOutOfScope whether findings of regions this run did not audit are archived
     */
    Delivery deliver(AuditReport report, HubHistory history, Plan plan,
            Function<Finding, Optional<Acknowledged>> acknowledged, boolean archiveOutOfScope, Instant now,
            Executor executor) {
        String stamp = AsffMapper.timestamp(now);
        Sink sink = new Sink();
        inParallel(plan.byHub().entrySet().stream().<Runnable>map(entry -> () -> {
            List<AwsSecurityFinding> findings = entry.getValue().stream().map(finding -> {
                FindingKey key = new FindingKey(finding.region(), finding.controlId());
                Optional<StoredFinding> first = history.oldest(key);
                String createdAt = first.map(StoredFinding::createdAt).filter(s -> s != null && !s.isBlank())
                        .orElse(stamp);
                String firstObservedAt = first.map(StoredFinding::firstObservedAt).filter(s -> s != null && !s.isBlank())
                        .orElse(createdAt);
                return mapper.toAsff(finding, report.partition(), report.accountId(), entry.getKey(), createdAt,
                        firstObservedAt, now, history.lastUpdated(key), acknowledged.apply(finding));
            }).toList();
            deliver(report, entry.getKey(), findings, sink);
        }).toList(), executor);
        int archived = archive(report, history, sink, archiveOutOfScope, now, executor);
        List<Fallback> fallbacks = new ArrayList<>(plan.fallbacks());
        fallbacks.addAll(sink.fallbacks);
        List<Undelivered> undelivered = new ArrayList<>(plan.waiting());
        undelivered.addAll(sink.undelivered);
        undelivered.sort(Comparator.comparing(Undelivered::findingId));
        return new Delivery(new TreeMap<>(sink.countByHub), archived, fallbacks, undelivered, List.copyOf(sink.imported));
    }

    private void deliver(AuditReport report, String hub, List<AwsSecurityFinding> findings, Sink sink) {
        try {
            sink.record(hub, findings, store.write(hub, findings));
        } catch (HubUnavailableException refused) {
            String home = routing.homeRegion();
            if (!refused.refusesImports() || hub.equals(home)) {
                sink.lost(hub, findings, refused.getMessage());
                return;
            }
            List<AwsSecurityFinding> moved = findings.stream()
                    .map(finding -> mapper.movedTo(finding, report.partition(), report.accountId(), home))
                    .toList();
            try {
                sink.record(home, moved, store.write(home, moved));
                sink.fallbacks.add(new Fallback(hub, home, findings.size(), refused.getMessage()));
            } catch (HubUnavailableException alsoRefused) {
                sink.lost(home, moved, hub + " refused (" + refused.getMessage() + ") and the home region "
                        + home + " refused too (" + alsoRefused.getMessage() + ")");
            }
        }
    }

    /**
     * Archives active findings this run did not update in place: a copy left in another hub once the finding
     * was delivered elsewhere (a fallback that ended, a findings region that changed); a finding of a region
     * this run audited whose control has no finding there now (it needs logging on, and logging was turned
     * off), which the audit itself vouches for, spot check or not; and findings of regions outside this run's
     * scope when the run may say they left it.
     */
    private int archive(AuditReport report, HubHistory history, Sink delivered, boolean archiveOutOfScope, Instant now,
            Executor executor) {
        Set<FindingKey> current = new HashSet<>();
        report.findings().forEach(finding -> current.add(new FindingKey(finding.region(), finding.controlId())));
        Map<String, List<AwsSecurityFinding>> byHub = new TreeMap<>();
        for (StoredFinding stored : history.all()) {
            if (!stored.active() || delivered.delivered(stored.hubRegion(), stored.id())) {
                continue;
            }
            boolean movedElsewhere = delivered.deliveredKeys.contains(stored.key());
            boolean noLongerFound = !current.contains(stored.key());
            boolean audited = report.states().containsKey(stored.region());
            if (movedElsewhere || (noLongerFound && (audited || archiveOutOfScope))) {
                byHub.computeIfAbsent(stored.hubRegion(), h -> new ArrayList<>()).add(mapper.archived(stored, now));
            }
        }
        Sink archives = new Sink();
        inParallel(byHub.entrySet().stream().<Runnable>map(entry -> () -> {
            try {
                archives.record(entry.getKey(), entry.getValue(), store.write(entry.getKey(), entry.getValue()));
            } catch (HubUnavailableException e) {
                archives.lost(entry.getKey(), entry.getValue(), "archiving failed: " + e.getMessage());
            }
        }).toList(), executor);
        delivered.undelivered.addAll(archives.undelivered);
        return archives.countByHub.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Undelivered undelivered(AuditReport report, Finding finding, String hub, String reason) {
        return new Undelivered(AsffMapper.findingId(report.partition(), report.accountId(), finding.region(),
                finding.controlId()), hub, reason);
    }

    /** Runs every task at once and waits for all; a task must not throw. */
    private static void inParallel(List<Runnable> tasks, Executor executor) {
        Workers.joinAll(tasks.stream().map(task -> CompletableFuture.runAsync(task, executor)).toList());
    }

    /** What reached which hub; filled in concurrently. */
    private static final class Sink {
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
