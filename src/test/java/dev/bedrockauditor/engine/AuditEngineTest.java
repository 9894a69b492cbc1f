package dev.bedrockauditor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.config.AuditSettings.RegionList;
import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.RegionScope;
import dev.bedrockauditor.domain.S3Destination;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.regions.EnabledRegions;
import dev.bedrockauditor.regions.RegionCatalog;
import dev.bedrockauditor.regions.RegionSelector;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import dev.bedrockauditor.controls.ChangeDetectionCheck;
import dev.bedrockauditor.domain.ChangeDetectionEvidence;
import dev.bedrockauditor.testing.DetectionReports;
import dev.bedrockauditor.testing.Reports;
import org.junit.jupiter.api.Test;

/** The engine's own rules, with in-memory sources standing in for the AWS adapters. */
class AuditEngineTest {

    private static final Workers WORKERS = new Workers("audit-test");

    private static final RegionCatalog CATALOG = new RegionCatalog(
            Map.of("us-east-1", "aws", "eu-west-1", "aws", "af-south-1", "aws", "us-west-2", "aws"),
            Set.of("us-east-1", "eu-west-1", "af-south-1", "us-west-2"));
    private static final LoggingState ENABLED = new LoggingState.Enabled(new LoggingConfiguration(
            Optional.of(new S3Destination("logs", "")), Optional.empty(), EnumSet.allOf(DataType.class)));
    private static final DestinationSource HEALTHY = (region, account, config) -> Reports.healthy(region, config);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final AuditLog log = new AuditLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {
            warnings.add(message);
        }
    };

    private AuditEngine engine(EnabledRegionsSource enabled, LoggingStateSource states, int concurrency) {
        return new AuditEngine(() -> "111122223333", enabled, states, HEALTHY, new RegionSelector(CATALOG),
                Reports.CONTROLS, concurrency, WORKERS, log, CLOCK);
    }

    @Test
    void whenDiscoveryFailsErrorsFromOptInRegionsSayTheRegionMayNotBeEnabled() {
        AuditEngine engine = engine(() -> new EnabledRegions.Unavailable("AccessDenied"),
                region -> region.equals("us-west-2") ? ENABLED : new LoggingState.Unknown("UnrecognizedClientException"),
                4);

        AuditReport report = engine.run("us-east-1", Optional.empty());

        assertEquals(RegionScope.Source.ALL_BEDROCK_REGIONS, report.scope().source());
        assertEquals(List.of("af-south-1", "eu-west-1", "us-east-1", "us-west-2"), List.copyOf(report.states().keySet()));
        assertEquals(new LoggingState.Unknown("region may not be enabled for this account (UnrecognizedClientException)"),
                report.states().get("af-south-1"));
        assertEquals(new LoggingState.Unknown("UnrecognizedClientException"), report.states().get("eu-west-1"));
        assertEquals(1, warnings.size());
        assertEquals(warnings, report.warnings());
        assertEquals(List.of("af-south-1", "eu-west-1", "us-east-1"), report.summary().regionsNotChecked());
    }

    @Test
    void aSourceThatThrowsStillYieldsAFindingForItsRegion() {
        AuditEngine engine = engine(() -> new EnabledRegions.Known(Set.of("us-east-1", "eu-west-1")), region -> {
            if (region.equals("eu-west-1")) {
                throw new IllegalStateException("bug");
            }
            return ENABLED;
        }, 2);

        AuditReport report = engine.run("us-east-1", Optional.empty());

        assertEquals(10, report.findings().size(), "five controls for each of the two regions");
        LoggingState broken = report.states().get("eu-west-1");
        assertInstanceOf(LoggingState.Unknown.class, broken);
        assertTrue(((LoggingState.Unknown) broken).reason().contains("IllegalStateException: bug"));
        assertEquals(Status.PASSED, report.findings().get(5).status());
        assertEquals("us-east-1", report.findings().get(5).region());
    }

    @Test
    void namedRegionsAreCheckedBeforeAnyCallAndSkipDiscovery() {
        AtomicBoolean called = new AtomicBoolean();
        AuditEngine engine = new AuditEngine(() -> {
            called.set(true);
            return "111122223333";
        }, () -> {
            throw new AssertionError("discovery must not run when regions are named");
        }, region -> ENABLED, HEALTHY, new RegionSelector(CATALOG), Reports.CONTROLS, 2, WORKERS, log, CLOCK);

        assertThrows(ConfigurationException.class,
                () -> engine.run("us-east-1", Optional.of(new RegionList(List.of("xx-nowhere-1"), "--regions"))));
        assertTrue(!called.get(), "no AWS call before the region names are checked");

        AuditReport report = engine.run("us-east-1", Optional.of(new RegionList(List.of("eu-west-1"), "--regions")));
        assertEquals(List.of("eu-west-1"), report.scope().regions());
        assertEquals(RegionScope.Source.EXPLICIT, report.scope().source());
    }

    @Test
    void readsRunConcurrentlyButNeverAboveTheLimit() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        AuditEngine engine = engine(() -> new EnabledRegions.Unavailable("x"), region -> {
            int now = running.incrementAndGet();
            highest.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return ENABLED;
        }, 2);

        AuditReport report = engine.run("us-east-1", Optional.empty());

        assertEquals(4, report.states().size());
        assertEquals(2, highest.get());
    }

    @Test
    void reportCarriesAccountPartitionAndTimes() {
        AuditReport report = engine(() -> new EnabledRegions.Known(Set.of("us-east-1")), region -> ENABLED, 1)
                .run("us-east-1", Optional.empty());

        assertEquals("111122223333", report.accountId());
        assertEquals("aws", report.partition());
        assertEquals("us-east-1", report.homeRegion());
        assertEquals(CLOCK.instant(), report.startedAt());
        assertEquals(CLOCK.instant(), report.finishedAt());
        assertTrue(report.summary().allPassed());
    }

    @Test
    void destinationsAreReadOnlyWhereLoggingIsOnAndAFailingReaderLeavesThemUnreadable() {
        List<String> read = Collections.synchronizedList(new ArrayList<>());
        AuditEngine engine = new AuditEngine(() -> "111122223333",
                () -> new EnabledRegions.Known(Set.of("us-east-1", "eu-west-1", "us-west-2")),
                region -> region.equals("us-west-2") ? new LoggingState.Disabled() : ENABLED,
                (region, account, config) -> {
                    read.add(region);
                    if (region.equals("eu-west-1")) {
                        throw new IllegalStateException("reader bug");
                    }
                    return Reports.healthy(region, config);
                }, new RegionSelector(CATALOG), Reports.CONTROLS, 2, WORKERS, log, CLOCK);

        AuditReport report = engine.run("us-east-1", Optional.empty());

        assertEquals(Set.of("us-east-1", "eu-west-1"), Set.copyOf(read));
        Finding destination = report.findings().stream()
                .filter(f -> f.region().equals("eu-west-1") && f.controlId().equals("bedrock-invocation-logging-destination"))
                .findFirst().orElseThrow();
        assertEquals(Status.NOT_AVAILABLE, destination.status());
        assertTrue(destination.detail().contains("internal error IllegalStateException: reader bug"), destination.detail());
    }

    /** A source of change-detection evidence for one rule, answering from {@code read}. */
    private static ChangeDetectionSource detection(java.util.function.Function<String, ChangeDetectionEvidence> read) {
        return new ChangeDetectionSource() {
            @Override
            public String ruleName() {
                return "bedrock-logging-auditor-changes";
            }

            @Override
            public ChangeDetectionEvidence read(String region) {
                return read.apply(region);
            }
        };
    }

    private AuditEngine detectingEngine(LoggingStateSource states, ChangeDetectionSource detection) {
        return new AuditEngine(() -> "111122223333", () -> new EnabledRegions.Unavailable("not asked"), states,
                HEALTHY, Optional.of(detection), new RegionSelector(CATALOG),
                Reports.CONTROLS.withChangeDetection("us-east-1"), WORKERS.gate(4), WORKERS, log, CLOCK);
    }

    private static Finding detectionFinding(AuditReport report, String region) {
        return report.findings().stream().filter(f -> f.region().equals(region)
                && f.controlId().equals(ChangeDetectionCheck.ID)).findFirst().orElseThrow();
    }

    @Test
    void changeDetectionIsReadAlongsideTheConfigurationNotAfterIt() throws Exception {
        // The configuration read waits until the region's trails and rule are being read: were the two in
        // sequence, the configuration would never come and the region would time out here.
        java.util.concurrent.CountDownLatch detectionStarted = new java.util.concurrent.CountDownLatch(1);
        AuditEngine engine = detectingEngine(region -> {
            try {
                return detectionStarted.await(10, java.util.concurrent.TimeUnit.SECONDS) ? ENABLED
                        : new LoggingState.Unknown("the configuration read was never overlapped");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new LoggingState.Unknown("interrupted");
            }
        }, detection(region -> {
            detectionStarted.countDown();
            return ChangeDetectionEvidence.unreadable("bedrock-logging-auditor-changes", "stub");
        }));

        AuditReport report = engine.run("us-east-1", Optional.of(new RegionList(List.of("eu-west-1"), "--regions")));

        assertEquals(ENABLED, report.states().get("eu-west-1"));
        assertEquals(6, report.findings().size(), "five controls with logging on, and change detection");
    }

    @Test
    void aReaderThatThrowsGivesItsOwnNotAvailableFindingAndHidesNothingTheOtherRead() {
        AuditEngine engine = detectingEngine(region -> {
            if (region.equals("us-west-2")) {
                throw new IllegalStateException("configuration reader broke");
            }
            return new LoggingState.Disabled();
        }, detection(region -> {
            throw new IllegalStateException("detection reader broke in " + region);
        }));

        AuditReport report = engine.run("us-east-1",
                Optional.of(new RegionList(List.of("eu-west-1", "us-west-2"), "--regions")));

        Finding thrown = detectionFinding(report, "eu-west-1");
        assertEquals(Status.NOT_AVAILABLE, thrown.status());
        assertTrue(thrown.detail().contains("internal error IllegalStateException: detection reader broke in"
                + " eu-west-1"), thrown.detail());
        Finding failedRegion = detectionFinding(report, "us-west-2");
        assertEquals(Status.NOT_AVAILABLE, failedRegion.status());
        assertTrue(failedRegion.detail().contains("detection reader broke in us-west-2"), failedRegion.detail());
        assertEquals(new LoggingState.Unknown("internal error IllegalStateException: configuration reader broke"),
                report.states().get("us-west-2"));
    }

    @Test
    void trailsAndRuleReadWhileTheConfigurationReaderFailedStillCount() {
        AuditEngine engine = detectingEngine(region -> {
            throw new IllegalStateException("configuration reader broke");
        }, detection(region -> DetectionReports.detection(region, "ENABLED")));

        AuditReport report = engine.run("us-east-1", Optional.of(new RegionList(List.of("eu-west-1"), "--regions")));

        assertEquals(Status.PASSED, detectionFinding(report, "eu-west-1").status(),
                detectionFinding(report, "eu-west-1").detail());
        assertEquals(Status.NOT_AVAILABLE, report.findings().get(0).status());
    }

    @Test
    void withoutARuleNoDetectionIsReadAndNoFindingAppears() {
        AuditReport report = engine(() -> new EnabledRegions.Unavailable("x"), region -> new LoggingState.Disabled(), 4)
                .run("us-east-1", Optional.of(new RegionList(List.of("eu-west-1"), "--regions")));

        assertEquals(List.of(dev.bedrockauditor.controls.LoggingEnabledCheck.ID),
                report.findings().stream().map(Finding::controlId).toList());
    }
}
