package dev.bedrockauditor.engine;

import dev.bedrockauditor.config.AuditSettings.RegionList;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.controls.ControlSuite;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Recording;
import dev.bedrockauditor.domain.RegionEvidence;
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
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Runs one audit: choose the regions, read each region's logging state concurrently, evaluate every control. */
public final class AuditEngine {

    static final String MAY_NOT_BE_ENABLED = "region may not be enabled for this account";

    private final AccountIdentitySource identity;
    private final EnabledRegionsSource enabledRegions;
    private final LoggingStateSource loggingStates;
    private final DestinationSource destinations;
    private final RegionSelector selector;
    private final ControlSuite controls;
    private final int maxConcurrency;
    private final AuditLog log;
    private final Clock clock;

    public AuditEngine(
            AccountIdentitySource identity,
            EnabledRegionsSource enabledRegions,
            LoggingStateSource loggingStates,
            DestinationSource destinations,
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
        this.destinations = destinations;
        this.selector = selector;
        this.controls = controls;
        this.maxConcurrency = maxConcurrency;
        this.log = log;
        this.clock = clock;
    }

    /**
     * @param explicitRegions regions the user named; empty to discover them
     * @throws ConfigurationException for a bad region name, an unidentifiable account, or nothing to audit (no
     *     Bedrock region in the partition, or none enabled), before any region is read
     */
    public AuditReport run(String homeRegion, Optional<RegionList> explicitRegions) {
        return run(homeRegion, explicitRegions, (partition, accountId) -> { });
    }

    /**
     * @param accountKnown told the partition and account as soon as they are known, so work that needs them
     *     (reading Security Hub) can overlap the audit
     */
    public AuditReport run(String homeRegion, Optional<RegionList> explicitRegions,
            BiConsumer<String, String> accountKnown) {
        Instant startedAt = clock.instant();
        String partition = selector.partitionOfHome(homeRegion);
        // Named regions are checked before any call, so a typo costs no AWS round trip.
        Optional<RegionSelector.Selection> named =
                explicitRegions.map(list -> selector.explicit(homeRegion, list.names(), list.inputName(), list::typed));
        if (named.isEmpty() && selector.bedrockRegions(partition).isEmpty()) {
            throw new ConfigurationException("nothing to audit: partition " + partition + " of the home region "
                    + homeRegion + " has no Bedrock region known to this auditor; set AWS_REGION to a region of the"
                    + " partition to audit, or name regions with --regions or AUDIT_REGIONS");
        }
        String accountId = identity.accountId();
        accountKnown.accept(partition, accountId);
        RegionSelector.Selection selection =
                named.orElseGet(() -> selector.discovered(homeRegion, enabledRegions.enabledRegions()));
        RegionScope scope = selection.scope();
        if (scope.regions().isEmpty()) {
            // An empty audit would pass, and publishing it would archive every finding: neither may happen.
            throw new ConfigurationException("nothing to audit: account:ListRegions reports none of the "
                    + selector.bedrockRegions(partition).size() + " Bedrock regions of partition " + partition
                    + " as enabled for account " + accountId + "; enable one, or name regions with --regions or"
                    + " AUDIT_REGIONS");
        }
        selection.warnings().forEach(log::warn);
        List<String> warnings = new ArrayList<>(selection.warnings());
        log.info("Auditing " + scope.regions().size() + " region(s) of account " + accountId + " in partition "
                + partition + ": " + scope.source().description() + ".");

        Map<String, LoggingState> states = readAll(scope);
        Map<String, DestinationEvidence> destinationsByRegion = readDestinations(accountId, states);
        List<Finding> findings = new ArrayList<>();
        Map<String, Recording> recording = new TreeMap<>();
        states.forEach((region, state) -> {
            RegionEvidence evidence = new RegionEvidence(region, accountId, partition, state,
                    Optional.ofNullable(destinationsByRegion.get(region)));
            findings.addAll(controls.evaluate(evidence));
            recording.put(region, controls.recording(evidence));
        });
        return new AuditReport(accountId, partition, homeRegion, startedAt, clock.instant(), scope,
                new TreeMap<>(states), new TreeMap<>(recording), findings, warnings);
    }

    private Map<String, LoggingState> readAll(RegionScope scope) {
        Map<String, LoggingState> read = readConcurrently(scope.regions(), loggingStates::read,
                (region, why) -> new LoggingState.Unknown(why));
        Map<String, LoggingState> states = new TreeMap<>();
        read.forEach((region, state) -> states.put(region, withOptInHint(scope, region, state)));
        return states;
    }

    /** The destinations of every region where logging is on, read concurrently once the states are known. */
    private Map<String, DestinationEvidence> readDestinations(String accountId, Map<String, LoggingState> states) {
        Map<String, LoggingConfiguration> enabled = new TreeMap<>();
        states.forEach((region, state) -> {
            if (state instanceof LoggingState.Enabled on) {
                enabled.put(region, on.configuration());
            }
        });
        return readConcurrently(List.copyOf(enabled.keySet()),
                region -> destinations.read(region, accountId, enabled.get(region)),
                (region, why) -> DestinationEvidence.unreadable(enabled.get(region), why));
    }

    /**
     * Reads every region on the bounded pool. A reader must not throw; if one does, or the run is
     * interrupted, the region still gets a value saying why, so it is reported, never dropped.
     */
    private <T> Map<String, T> readConcurrently(
            List<String> regions, Function<String, T> reader, BiFunction<String, String, T> failed) {
        Map<String, T> values = new TreeMap<>();
        if (regions.isEmpty()) {
            return values;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxConcurrency, regions.size()), daemonThreads());
        try {
            List<Future<T>> results = pool.invokeAll(regions.stream()
                    .<Callable<T>>map(region -> () -> reader.apply(region))
                    .toList());
            for (int i = 0; i < regions.size(); i++) {
                String region = regions.get(i);
                try {
                    values.put(region, results.get(i).get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    values.put(region, failed.apply(region, "internal error " + cause.getClass().getSimpleName()
                            + ": " + cause.getMessage()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (String region : regions) {
                values.putIfAbsent(region, failed.apply(region, "the audit was interrupted before this region was read"));
            }
        } finally {
            pool.shutdownNow();
        }
        return values;
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
