package dev.bedrockauditor.engine;

import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.config.AuditSettings.RegionList;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.controls.ControlSuite;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.ChangeDetectionEvidence;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Recording;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.RegionScope;
import dev.bedrockauditor.regions.EnabledRegions;
import dev.bedrockauditor.regions.RegionSelector;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Runs one audit as one pipeline per region, so it waits for the network as few times as the data allows:
 * the account's identity, its enabled regions and every candidate region's configuration are read at once;
 * each region's destinations are read as soon as its configuration (and the account) is known, all at once;
 * where change detection is checked, its reads go alongside from the region's start, since they need nothing
 * the configuration says; then every control is evaluated. A region is never dropped: what could not be read
 * says why.
 */
public final class AuditEngine {

    static final String MAY_NOT_BE_ENABLED = "region may not be enabled for this account";

    private final AccountIdentitySource identity;
    private final EnabledRegionsSource enabledRegions;
    private final LoggingStateSource loggingStates;
    private final DestinationSource destinations;
    private final Optional<ChangeDetectionSource> changeDetection;
    private final RegionSelector selector;
    private final ControlSuite controls;
    private final Workers.Gate gate;
    private final Workers workers;
    private final AuditLog log;
    private final Clock clock;

    /**
     * @param maxConcurrency how many regions are read at the same time
     * @param workers the threads the reads run on
     */
    public AuditEngine(
            AccountIdentitySource identity,
            EnabledRegionsSource enabledRegions,
            LoggingStateSource loggingStates,
            DestinationSource destinations,
            RegionSelector selector,
            ControlSuite controls,
            int maxConcurrency,
            Workers workers,
            AuditLog log,
            Clock clock) {
        this(identity, enabledRegions, loggingStates, destinations, Optional.empty(), selector, controls,
                workers.gate(maxConcurrency), workers, log, clock);
    }

    /**
     * @param changeDetection reads each region's trails and rule; empty where the change-detection control
     *     does not run
     * @param gate caps the regions read at the same time; an organization run shares one among its accounts, so
     *     its cap holds for the whole run
     * @param workers the threads the reads run on
     */
    public AuditEngine(
            AccountIdentitySource identity,
            EnabledRegionsSource enabledRegions,
            LoggingStateSource loggingStates,
            DestinationSource destinations,
            Optional<ChangeDetectionSource> changeDetection,
            RegionSelector selector,
            ControlSuite controls,
            Workers.Gate gate,
            Workers workers,
            AuditLog log,
            Clock clock) {
        this.identity = identity;
        this.enabledRegions = enabledRegions;
        this.loggingStates = loggingStates;
        this.destinations = destinations;
        this.changeDetection = changeDetection;
        this.selector = selector;
        this.controls = controls;
        this.gate = gate;
        this.workers = workers;
        this.log = log;
        this.clock = clock;
    }

    /**
     * @param explicitRegions regions the user named; empty to discover them
     * @throws ConfigurationException for a bad region name, an unidentifiable account, or nothing to audit (no
     *     Bedrock region in the partition, or none enabled), before any region is reported
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
        return run(homeRegion, explicitRegions, RegionScope.Source.EXPLICIT, loggingStates, accountKnown);
    }

    /**
     * The regions change events concern, audited like a spot check.
     *
     * @param known the configurations already read to decide which regions those are: not read again
     */
    public AuditReport runChanged(String homeRegion, List<String> regions, Map<String, LoggingState> known,
            BiConsumer<String, String> accountKnown) {
        return run(homeRegion, Optional.of(new RegionList(regions, "change events")), RegionScope.Source.CHANGED,
                region -> known.containsKey(region) ? known.get(region) : loggingStates.read(region), accountKnown);
    }

    private AuditReport run(String homeRegion, Optional<RegionList> explicitRegions, RegionScope.Source namedBy,
            LoggingStateSource configurations, BiConsumer<String, String> accountKnown) {
        Instant startedAt = clock.instant();
        String partition = selector.partitionOfHome(homeRegion);
        // Named regions are checked before any call, so a typo costs no AWS round trip.
        Optional<RegionSelector.Selection> named = explicitRegions.map(list -> selector.explicit(homeRegion,
                list.names(), list.inputName(), list::typed).chosenBy(namedBy));
        if (named.isEmpty() && selector.bedrockRegions(partition).isEmpty()) {
            throw new ConfigurationException("nothing to audit: partition " + partition + " of the home region "
                    + homeRegion + " has no Bedrock region known to this auditor; set AWS_REGION to a region of the"
                    + " partition to audit, or name regions with --regions or AUDIT_REGIONS");
        }
        // Identity, discovery and the reads start together: a discovered scope is a subset of the partition's
        // Bedrock regions, so every candidate is read at once and those not enabled are set aside afterwards.
        CompletableFuture<String> account = CompletableFuture.supplyAsync(identity::accountId, workers);
        CompletableFuture<EnabledRegions> enabled = named.isPresent() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(enabledRegions::enabledRegions, workers);
        List<String> candidates = named.map(selection -> selection.scope().regions())
                .orElseGet(() -> List.copyOf(selector.bedrockRegions(partition)));
        // A region turns out to be outside a discovered scope at about the time its configuration is known: its
        // destinations are then not read.
        CompletableFuture<Predicate<String>> inScope = enabled.exceptionally(error -> null)
                .thenApply(known -> known instanceof EnabledRegions.Known discovered
                        ? discovered.regions()::contains : region -> true);
        Map<String, CompletableFuture<RegionRead>> reads = new TreeMap<>();
        for (String region : candidates) {
            reads.put(region, gate.start(() -> readRegion(region, configurations, account, inScope),
                    error -> failedRead("internal error " + error.getClass().getSimpleName() + ": "
                            + error.getMessage())));
        }

        // The account id, or the configuration error that made it unknowable (nothing can be audited then).
        String accountId = Workers.resultOrItsError(account);
        accountKnown.accept(partition, accountId);
        RegionSelector.Selection selection = named.orElseGet(() -> selector.discovered(homeRegion,
                Workers.join(enabled, error -> new EnabledRegions.Unavailable("internal error " + error))));
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

        Map<String, LoggingState> states = new TreeMap<>();
        Map<String, Recording> recording = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        for (String region : scope.regions()) {
            RegionRead read = Workers.join(reads.get(region),
                    error -> failedRead("the audit was interrupted before this region was read"));
            LoggingState state = withOptInHint(scope, region, read.state());
            RegionEvidence evidence = new RegionEvidence(region, accountId, partition, state, read.destinations(),
                    read.changeDetection());
            states.put(region, state);
            findings.addAll(controls.evaluate(evidence));
            recording.put(region, controls.recording(evidence));
        }
        return new AuditReport(accountId, partition, homeRegion, startedAt, clock.instant(), scope, new TreeMap<>(states),
                new TreeMap<>(recording), controls.metadata(), findings, warnings);
    }

    /**
     * What was read of one region: its configuration, where logging is on its destinations, and where change
     * detection is checked its trails and rule.
     */
    private record RegionRead(LoggingState state, Optional<DestinationEvidence> destinations,
            Optional<ChangeDetectionEvidence> changeDetection) {}

    /** A region that could not be read at all; change detection, where checked, is unknown for the same reason. */
    private RegionRead failedRead(String why) {
        return new RegionRead(new LoggingState.Unknown(why), Optional.empty(),
                changeDetection.map(source -> ChangeDetectionEvidence.unreadable(source.ruleName(), why)));
    }

    /**
     * One region's pipeline: its configuration, then at once its destinations; change detection from the start,
     * alongside both. A reader must not throw; if one does, the region still gets a value saying why, so it is
     * reported, never dropped.
     */
    private RegionRead readRegion(String region, LoggingStateSource states, CompletableFuture<String> account,
            CompletableFuture<Predicate<String>> inScope) {
        Optional<CompletableFuture<ChangeDetectionEvidence>> detection = changeDetection.map(source -> workers.start(
                () -> source.read(region), error -> ChangeDetectionEvidence.unreadable(source.ruleName(),
                        "internal error " + error.getClass().getSimpleName() + ": " + error.getMessage())));
        RegionRead configured;
        try {
            configured = readConfiguration(region, states, account, inScope);
        } catch (RuntimeException e) {
            // The trails and rule may well have been read: one reader's failure must not hide the other's answer.
            Throwable cause = Workers.cause(e);
            configured = new RegionRead(new LoggingState.Unknown("internal error " + cause.getClass().getSimpleName()
                    + ": " + cause.getMessage()), Optional.empty(), Optional.empty());
        }
        return new RegionRead(configured.state(), configured.destinations(), detection.map(read -> Workers.join(read,
                error -> ChangeDetectionEvidence.unreadable(changeDetection.get().ruleName(),
                        "the audit was interrupted before this region's trails and rule were read"))));
    }

    /** The configuration, then, where logging is on and the region in scope, its destinations. */
    private RegionRead readConfiguration(String region, LoggingStateSource states, CompletableFuture<String> account,
            CompletableFuture<Predicate<String>> inScope) {
        LoggingState state = states.read(region);
        if (!(state instanceof LoggingState.Enabled on) || !inScope.join().test(region)) {
            return new RegionRead(state, Optional.empty(), Optional.empty());
        }
        LoggingConfiguration configuration = on.configuration();
        DestinationEvidence evidence;
        try {
            evidence = destinations.read(region, account.join(), configuration);
        } catch (RuntimeException e) {
            Throwable cause = Workers.cause(e);
            evidence = DestinationEvidence.unreadable(configuration, "internal error "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        return new RegionRead(state, Optional.of(evidence), Optional.empty());
    }

    private LoggingState withOptInHint(RegionScope scope, String region, LoggingState state) {
        if (state instanceof LoggingState.Unknown unknown && selector.mayBeDisabled(scope, region)) {
            return new LoggingState.Unknown(MAY_NOT_BE_ENABLED + " (" + unknown.reason() + ")");
        }
        return state;
    }
}
