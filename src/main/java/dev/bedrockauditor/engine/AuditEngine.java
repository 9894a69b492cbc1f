package dev.bedrockauditor.engine;

import dev.bedrockauditor.config.AuditSettings.RegionList;
import dev.bedrockauditor.controls.ControlSuite;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.RegionScope;
import dev.bedrockauditor.regions.RegionSelector;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs one audit: choose the regions, read each region's logging state concurrently, evaluate every control. */
public final class AuditEngine {

    static final String MAY_NOT_BE_ENABLED = "region may not be enabled for this account";

    private final AccountIdentitySource identity;
    private final EnabledRegionsSource enabledRegions;
    private final LoggingStateSource loggingStates;
    private final RegionSelector selector;
    private final ControlSuite controls;
    private final int maxConcurrency;
    private final AuditLog log;
    private final Clock clock;

    public AuditEngine(
            AccountIdentitySource identity,
            EnabledRegionsSource enabledRegions,
            LoggingStateSource loggingStates,
            RegionSelector selector,
            ControlSuite controls,
            int maxConcurrency,
            AuditLog log,
            Clock clock) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1");
        }
        this.identity = identity;
        this.enabledRegions = enabledRegions;
        this.loggingStates = loggingStates;
        this.selector = selector;
        this.controls = controls;
        this.maxConcurrency = maxConcurrency;
        this.log = log;
        this.clock = clock;
    }

    /**
     * @param explicitRegions regions the user named; empty to discover them
     * @throws dev.bedrockauditor.config.ConfigurationException for a bad region name or an unidentifiable account,
     *     before any region is read
     */
    public AuditReport run(String homeRegion, Optional<RegionList> explicitRegions) {
        Instant startedAt = clock.instant();
        String partition = selector.partitionOfHome(homeRegion);
        // Named regions are checked before any call, so a typo costs no AWS round trip.
        Optional<RegionSelector.Selection> named =
                explicitRegions.map(list -> selector.explicit(homeRegion, list.names(), list.inputName()));
        String accountId = identity.accountId();
        RegionSelector.Selection selection =
                named.orElseGet(() -> selector.discovered(homeRegion, enabledRegions.enabledRegions()));
        RegionScope scope = selection.scope();
        selection.warnings().forEach(log::warn);
        List<String> warnings = new ArrayList<>(selection.warnings());
        if (scope.regions().isEmpty()) {
            String warning = "no region to audit: " + scope.source().description() + " gave none";
            log.warn(warning);
            warnings.add(warning);
        }
        log.info("Auditing " + scope.regions().size() + " region(s) of account " + accountId + " in partition "
                + partition + ": " + scope.source().description() + ".");

        Map<String, LoggingState> states = readAll(scope);
        List<Finding> findings = new ArrayList<>();
        states.forEach((region, state) -> findings.addAll(controls.evaluate(region, state)));
        return new AuditReport(accountId, partition, homeRegion, startedAt, clock.instant(), scope,
                new TreeMap<>(states), findings, warnings);
    }

    private Map<String, LoggingState> readAll(RegionScope scope) {
        List<String> regions = scope.regions();
        Map<String, LoggingState> states = new TreeMap<>();
        if (regions.isEmpty()) {
            return states;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxConcurrency, regions.size()), daemonThreads());
        try {
            List<Callable<LoggingState>> reads = regions.stream()
                    .<Callable<LoggingState>>map(region -> () -> loggingStates.read(region))
                    .toList();
            List<Future<LoggingState>> results = pool.invokeAll(reads);
            for (int i = 0; i < regions.size(); i++) {
                String region = regions.get(i);
                states.put(region, withOptInHint(scope, region, outcome(results.get(i))));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (String region : regions) {
                states.putIfAbsent(region, new LoggingState.Unknown("the audit was interrupted before this region"
                        + " was read"));
            }
        } finally {
            pool.shutdownNow();
        }
        return states;
    }

    private static LoggingState outcome(Future<LoggingState> result) throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            // A source must not throw; if one does, the region is still reported, never dropped.
            Throwable cause = e.getCause();
            return new LoggingState.Unknown("internal error " + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage());
        }
    }

    private LoggingState withOptInHint(RegionScope scope, String region, LoggingState state) {
        if (state instanceof LoggingState.Unknown unknown && selector.mayBeDisabled(scope, region)) {
            return new LoggingState.Unknown(MAY_NOT_BE_ENABLED + " (" + unknown.reason() + ")");
        }
        return state;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "audit-region-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
