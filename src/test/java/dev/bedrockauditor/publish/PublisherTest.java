package dev.bedrockauditor.publish;

import static dev.bedrockauditor.testing.Reports.fullLogging;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.alert.AlertMessage;
import dev.bedrockauditor.alert.AlertSender;
import dev.bedrockauditor.alert.Alerting;
import dev.bedrockauditor.asff.AsffMapper;
import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.config.AlertOn;
import dev.bedrockauditor.config.TopicArn;
import dev.bedrockauditor.controls.DataTypesCheck;
import dev.bedrockauditor.controls.DestinationCheck;
import dev.bedrockauditor.controls.EncryptionCheck;
import dev.bedrockauditor.controls.LogProtectionCheck;
import dev.bedrockauditor.controls.LoggingEnabledCheck;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.Product;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.RegionScope;
import dev.bedrockauditor.engine.AuditLog;
import dev.bedrockauditor.testing.Reports;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.RecordState;

/**
 * The publishing rules (lifecycle, fallback, alert policy) against an in-memory stand-in for the
 * {@link FindingStore} port; the AWS adapters themselves are tested against moto and WireMock.
 */
class PublisherTest {

    private static final TopicArn TOPIC = TopicArn.parse("arn:aws:sns:us-east-1:111122223333:alerts", "test");
    private static final Set<String> CONTROLS = Reports.CONTROLS.checks().stream()
            .map(check -> check.control().id()).collect(java.util.stream.Collectors.toSet());
    private static final AuditLog QUIET = new AuditLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
    };

    /** Hubs as maps from finding id to the finding, with hubs that refuse or fail on demand. */
    private static final class Hubs implements FindingStore {
        final Map<String, Map<String, AwsSecurityFinding>> stored = new ConcurrentHashMap<>();
        final Map<String, HubUnavailableException> unavailable = new HashMap<>();
        final Map<String, String> refusedIds = new HashMap<>();
        final Set<String> read = ConcurrentHashMap.newKeySet();

        @Override
        public List<AwsSecurityFinding> read(String hub, String productArn, String account, Set<String> generators) {
            read.add(hub);
            if (unavailable.containsKey(hub)) {
                throw unavailable.get(hub);
            }
            return List.copyOf(stored.getOrDefault(hub, Map.of()).values());
        }

        @Override
        public List<Refusal> write(String hub, List<AwsSecurityFinding> findings) {
            if (unavailable.containsKey(hub)) {
                throw unavailable.get(hub);
            }
            List<Refusal> refusals = new ArrayList<>();
            for (AwsSecurityFinding finding : findings) {
                if (refusedIds.containsKey(finding.id())) {
                    refusals.add(new Refusal(finding.id(), refusedIds.get(finding.id())));
                } else {
                    stored.computeIfAbsent(hub, h -> new ConcurrentHashMap<>()).put(finding.id(), finding);
                }
            }
            return refusals;
        }

        AwsSecurityFinding get(String hub, String region, String control) {
            return stored.getOrDefault(hub, Map.of()).get(AsffMapper.findingId("aws", Reports.ACCOUNT, region, control));
        }

        int count() {
            return stored.values().stream().mapToInt(Map::size).sum();
        }
    }

    private static final Workers WORKERS = new Workers("publisher-test");

    private final Hubs hubs = new Hubs();
    private final List<AlertMessage> sent = new ArrayList<>();
    private boolean snsFails;
    private boolean topicMissing;
    private final AlertSender sns = new AlertSender() {
        @Override
        public String send(TopicArn topic, AlertMessage message) {
            if (snsFails) {
                throw new AlertSender.AlertFailedException("AuthorizationError: not allowed", null);
            }
            sent.add(message);
            return "message-" + sent.size();
        }

        @Override
        public void check(TopicArn topic) {
            if (topicMissing) {
                throw new AlertSender.AlertFailedException("the alert topic " + topic.arn() + " cannot be used:"
                        + " NotFound", null);
            }
        }
    };

    private Publisher publisher(Optional<String> findingsRegion, AlertOn alertOn, Instant now) {
        return publisher(findingsRegion, Optional.of(TOPIC), alertOn, now);
    }

    private Publisher publisher(Optional<String> findingsRegion, Optional<TopicArn> topic, AlertOn alertOn,
            Instant now) {
        return new Publisher(hubs, new AsffMapper(new Product("bedrock-logging-auditor", "test")),
                new Routing("us-east-1", findingsRegion, Set.of("us-east-1", "eu-west-1", "us-west-2", "ap-south-1")),
                CONTROLS, new Alerting(sns, topic, alertOn, QUIET), WORKERS, QUIET, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static PublicationReport run(Publisher publisher, AuditReport report) {
        return run(publisher, report, Optional.empty());
    }

    private static PublicationReport run(Publisher publisher, AuditReport report, Optional<List<String>> spotCheck) {
        try (Publisher.Session session = publisher.begin(spotCheck)) {
            return session.publish(report).report();
        }
    }

    private PublicationReport publish(AuditReport report, Instant now) {
        return run(publisher(Optional.empty(), AlertOn.CHANGES, now), report);
    }

    private static final Instant FIRST = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant SECOND = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void eachFindingGoesToItsRegionsHubAndASecondRunUpdatesInPlaceKeepingCreatedAt() {
        AuditReport report = Reports.of(Map.of("eu-west-1", fullLogging(), "us-west-2", new LoggingState.Disabled()));

        PublicationReport first = publish(report, FIRST);
        PublicationReport second = publish(report, SECOND);

        assertEquals(Map.of("eu-west-1", 5, "us-west-2", 1), first.importedByHub(),
                "five controls per region, only the enabled control's where logging is off");
        assertEquals(6, hubs.count());
        assertEquals(6, second.imported());
        assertEquals(6, hubs.count(), "updated, not duplicated");
        AwsSecurityFinding updated = hubs.get("us-west-2", "us-west-2", LoggingEnabledCheck.ID);
        assertEquals("2026-11-20T10:00:00Z", updated.createdAt());
        assertEquals("2026-11-20T10:00:00Z", updated.firstObservedAt());
        assertEquals("2026-11-21T10:00:00Z", updated.updatedAt());
        assertEquals(1, sent.size(), "the unchanged second run is quiet under CHANGES");
        assertInstanceOf(PublicationReport.AlertOutcome.NotSent.class, second.alert());
        assertFalse(second.failed());
    }

    @Test
    void aRunWhoseClockIsBehindTheStoredFindingsStillUpdatesAndArchivesThem() {
        AuditReport disabled = Reports.of(Map.of("eu-west-1", fullLogging(), "us-west-2", new LoggingState.Disabled()));
        publish(disabled, SECOND);

        // An hour earlier than the run that stored the findings: Security Hub would ignore an UpdatedAt of now.
        PublicationReport behind = publish(Reports.of(Map.of("eu-west-1", fullLogging(), "us-west-2", fullLogging())),
                SECOND.minusSeconds(3600));

        AwsSecurityFinding updated = hubs.get("us-west-2", "us-west-2", LoggingEnabledCheck.ID);
        assertEquals("PASSED", updated.compliance().statusAsString());
        assertEquals("2026-11-21T10:00:00.001Z", updated.updatedAt(), "just after the stored UpdatedAt");
        assertEquals("2026-11-21T10:00:00Z", updated.createdAt());
        assertFalse(behind.failed());

        publish(Reports.of(Map.of("eu-west-1", fullLogging())), SECOND.minusSeconds(7200));
        AwsSecurityFinding archived = hubs.get("us-west-2", "us-west-2", LoggingEnabledCheck.ID);
        assertEquals(RecordState.ARCHIVED, archived.recordState());
        assertEquals("2026-11-21T10:00:00.002Z", archived.updatedAt());
    }

    @Test
    void aRegionThatLeftAnAuthoritativeScopeIsArchived() {
        publish(Reports.of(Map.of("eu-west-1", fullLogging(), "us-west-2", new LoggingState.Disabled())), FIRST);

        PublicationReport second = publish(Reports.of(Map.of("eu-west-1", fullLogging())), SECOND);

        assertEquals(1, second.archived());
        assertEquals(RecordState.ARCHIVED, hubs.get("us-west-2", "us-west-2", LoggingEnabledCheck.ID).recordState());
        assertEquals(RecordState.ACTIVE, hubs.get("eu-west-1", "eu-west-1", LoggingEnabledCheck.ID).recordState());
        assertEquals(6, hubs.count());
    }

    @Test
    void aRunThatCouldNotReadARegionOrGuessedItsScopeArchivesNothing() {
        publish(Reports.of(Map.of("eu-west-1", fullLogging(), "us-west-2", new LoggingState.Disabled())), FIRST);

        PublicationReport unread = publish(Reports.of(Map.of("eu-west-1", new LoggingState.Unknown("Timeout"))), SECOND);
        assertEquals(0, unread.archived());
        assertEquals("NOT_AVAILABLE", hubs.get("eu-west-1", "eu-west-1", LoggingEnabledCheck.ID).compliance()
                .statusAsString(), "the unread region is updated, not dropped");

        PublicationReport guessed = publish(Reports.of(Map.of("eu-west-1", fullLogging()),
                RegionScope.Source.ALL_BEDROCK_REGIONS, List.of()), SECOND.plusSeconds(60));
        assertEquals(0, guessed.archived());
        assertEquals(RecordState.ACTIVE, hubs.get("us-west-2", "us-west-2", LoggingEnabledCheck.ID).recordState());
    }

    @Test
    void aHubThatRefusesFallsBackToTheHomeRegionAndTheStaleCopyIsArchivedOnceItMovesBack() {
        hubs.unavailable.put("eu-west-1", new HubUnavailableException("InvalidAccessException: not enabled", true, null));
        AuditReport report = Reports.of(Map.of("eu-west-1", new LoggingState.Disabled()));

        PublicationReport refused = publish(report, FIRST);

        assertEquals(Map.of("us-east-1", 1), refused.importedByHub());
        assertEquals(List.of(new PublicationReport.Fallback("eu-west-1", "us-east-1", 1,
                "InvalidAccessException: not enabled")), refused.fallbacks());
        AwsSecurityFinding atHome = hubs.get("us-east-1", "eu-west-1", LoggingEnabledCheck.ID);
        assertEquals(AsffMapper.productArn("aws", "us-east-1", Reports.ACCOUNT), atHome.productArn());
        assertFalse(refused.failed());

        hubs.unavailable.clear();
        PublicationReport back = publish(report, SECOND);
        assertEquals(Map.of("eu-west-1", 1), back.importedByHub());
        assertEquals(1, back.archived());
        assertEquals(RecordState.ARCHIVED, hubs.get("us-east-1", "eu-west-1", LoggingEnabledCheck.ID).recordState());
        assertEquals("2026-11-20T10:00:00Z", hubs.get("eu-west-1", "eu-west-1", LoggingEnabledCheck.ID).createdAt(),
                "CreatedAt follows the finding across hubs");
    }

    @Test
    void aHubWhoseHistoryCannotBeReadTakesNothingOnAGuessAndTheAlertSaysSo() {
        publish(Reports.of(Map.of("eu-west-1", new LoggingState.Disabled())), FIRST);
        AwsSecurityFinding before = hubs.get("eu-west-1", "eu-west-1", LoggingEnabledCheck.ID);
        hubs.unavailable.put("eu-west-1", new HubUnavailableException("ThrottlingException: throttled", false, null));

        PublicationReport run = publish(Reports.of(Map.of("eu-west-1", new LoggingState.Disabled(),
                "us-west-2", fullLogging())), SECOND);

        assertTrue(run.failed());
        assertEquals(1, run.undelivered().size());
        assertEquals("eu-west-1", run.undelivered().get(0).hubRegion());
        assertTrue(run.undelivered().get(0).reason().startsWith("its earlier findings could not be read"
                + " (ThrottlingException: throttled)"), run.undelivered().get(0).reason());
        assertEquals(Map.of("us-west-2", 5), run.importedByHub());
        assertEquals(before, hubs.get("eu-west-1", "eu-west-1", LoggingEnabledCheck.ID), "untouched, CreatedAt kept");
        assertTrue(run.changes().newlyFailing().stream().noneMatch(f -> f.region().equals("eu-west-1")),
                "a finding whose baseline could not be read is not announced as new");
        assertInstanceOf(PublicationReport.AlertOutcome.Sent.class, run.alert(),
                "a delivery problem alerts even when nothing changed");
        assertTrue(sent.get(sent.size() - 1).body().contains("Not delivered: "));
        assertEquals(List.of("earlier findings could not be read in 1 Security Hub CSPM region(s), so nothing is imported"
                + " or archived there this run: eu-west-1 (ThrottlingException: throttled)"), run.warnings());

        hubs.unavailable.clear();
        PublicationReport next = publish(Reports.of(Map.of("eu-west-1", new LoggingState.Disabled(),
                "us-west-2", fullLogging())), SECOND.plusSeconds(60));
        assertFalse(next.failed());
        assertEquals(before.createdAt(), hubs.get("eu-west-1", "eu-west-1", LoggingEnabledCheck.ID).createdAt());
    }

    @Test
    void refusedFindingsAreReportedByIdAndTheRestDelivered() {
        String refusedId = AsffMapper.findingId("aws", Reports.ACCOUNT, "eu-west-1", DataTypesCheck.ID);
        hubs.refusedIds.put(refusedId, "InvalidInput: Finding does not adhere to ASFF");

        PublicationReport run = publish(Reports.of(Map.of("eu-west-1", fullLogging())), FIRST);

        assertEquals(Map.of("eu-west-1", 4), run.importedByHub());
        assertEquals(List.of(new PublicationReport.Undelivered(refusedId, "eu-west-1",
                "InvalidInput: Finding does not adhere to ASFF")), run.undelivered());
        assertTrue(run.failed());
    }

    @Test
    void aFindingsRegionTakesEveryFinding() {
        PublicationReport run = run(publisher(Optional.of("eu-west-1"), AlertOn.CHANGES, FIRST),
                Reports.of(Map.of("us-west-2", fullLogging(), "us-east-1", fullLogging())));

        assertEquals(Map.of("eu-west-1", 10), run.importedByHub());
        assertEquals(AsffMapper.productArn("aws", "eu-west-1", Reports.ACCOUNT),
                hubs.get("eu-west-1", "us-west-2", LoggingEnabledCheck.ID).productArn());
    }

    @Test
    void alertPoliciesDecideWhetherAnUnchangedRunSpeaks() {
        AuditReport failing = Reports.of(Map.of("us-west-2", new LoggingState.Disabled()));
        AuditReport passing = Reports.of(Map.of("us-west-2", fullLogging()));
        publish(failing, FIRST);
        int afterFirst = sent.size();

        assertInstanceOf(PublicationReport.AlertOutcome.Sent.class,
                run(publisher(Optional.empty(), AlertOn.FAILURES, SECOND), failing).alert());
        assertInstanceOf(PublicationReport.AlertOutcome.NotSent.class,
                run(publisher(Optional.empty(), AlertOn.NEVER, SECOND), failing).alert());
        assertInstanceOf(PublicationReport.AlertOutcome.NotSent.class,
                run(publisher(Optional.empty(), AlertOn.CHANGES, SECOND), failing).alert());
        PublicationReport recovered = run(publisher(Optional.empty(), AlertOn.CHANGES, SECOND.plusSeconds(5)), passing);
        assertEquals(1, recovered.changes().recovered().size());
        assertInstanceOf(PublicationReport.AlertOutcome.Sent.class, recovered.alert());
        assertInstanceOf(PublicationReport.AlertOutcome.NotSent.class,
                run(publisher(Optional.empty(), AlertOn.FAILURES, SECOND.plusSeconds(9)), passing).alert());
        assertInstanceOf(PublicationReport.AlertOutcome.Sent.class,
                run(publisher(Optional.empty(), AlertOn.ALWAYS, SECOND.plusSeconds(9)), passing).alert());
        assertEquals(afterFirst + 3, sent.size());
    }

    @Test
    void aFailedAlertFailsTheRunAfterTheFindingsWereDelivered() {
        snsFails = true;

        PublicationReport run = publish(Reports.of(Map.of("us-west-2", new LoggingState.Disabled())), FIRST);

        assertEquals(1, run.imported());
        assertEquals(new PublicationReport.AlertOutcome.Failed("AuthorizationError: not allowed"), run.alert());
        assertTrue(run.failed());
        assertEquals("the alert was not delivered (AuthorizationError: not allowed)", run.whatFailed());
    }

    @Test
    void aChangeIsAlertedUntilAnAlertAboutItIsDeliveredThenOnlyOnce() {
        AuditReport failing = Reports.of(Map.of("us-west-2", new LoggingState.Disabled(), "eu-west-1", fullLogging()));
        snsFails = true;
        PublicationReport failed = publish(failing, FIRST);
        assertInstanceOf(PublicationReport.AlertOutcome.Failed.class, failed.alert());
        assertEquals(6, failed.imported(), "the findings are delivered all the same");

        snsFails = false;
        PublicationReport retried = publish(failing, SECOND);

        assertInstanceOf(PublicationReport.AlertOutcome.Sent.class, retried.alert());
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).body().contains("  Newly failing:\n    us-west-2       FAILED LOGGING: Logging is off"),
                sent.get(0).body());
        assertEquals("2026-11-20T10:00:00Z", hubs.get("us-west-2", "us-west-2", LoggingEnabledCheck.ID).createdAt());

        PublicationReport quiet = publish(failing, SECOND.plusSeconds(60));
        assertInstanceOf(PublicationReport.AlertOutcome.NotSent.class, quiet.alert());
        assertEquals(1, sent.size(), "delivered once, then quiet");
    }

    @Test
    void aTopicThatCannotBeUsedFailsTheRunAtOnceEvenWithNothingToSay() {
        AuditReport passing = Reports.of(Map.of("eu-west-1", fullLogging()));
        publish(passing, FIRST);
        topicMissing = true;

        PublicationReport run = publish(passing, SECOND);

        assertEquals(new PublicationReport.AlertOutcome.Failed("the alert topic " + TOPIC.arn() + " cannot be used:"
                + " NotFound"), run.alert());
        assertTrue(run.failed());
        assertEquals(5, run.imported());
    }

    @Test
    void aSpotCheckReadsOnlyItsHubsAndArchivesNoOtherRegion() {
        publish(Reports.of(Map.of("eu-west-1", fullLogging(), "us-west-2", new LoggingState.Disabled())), FIRST);
        hubs.read.clear();

        PublicationReport spot = run(publisher(Optional.empty(), AlertOn.CHANGES, SECOND),
                Reports.of(Map.of("eu-west-1", fullLogging())), Optional.of(List.of("eu-west-1")));

        assertEquals(Set.of("us-east-1", "eu-west-1"), hubs.read, "the home region and the audited one");
        assertEquals(0, spot.archived());
        assertEquals(RecordState.ACTIVE, hubs.get("us-west-2", "us-west-2", LoggingEnabledCheck.ID).recordState());

        PublicationReport configured = publish(Reports.of(Map.of("eu-west-1", fullLogging())), SECOND.plusSeconds(60));
        assertEquals(1, configured.archived(), "a configured scope archives the regions removed from it");
    }

    @Test
    void switchingTheFindingsRegionArchivesTheCopiesLeftBehindEitherWay() {
        AuditReport report = Reports.of(Map.of("eu-west-1", fullLogging(), "us-west-2", new LoggingState.Disabled()));
        publish(report, FIRST);

        PublicationReport central = run(publisher(Optional.of("ap-south-1"), AlertOn.CHANGES, SECOND), report);

        assertEquals(Map.of("ap-south-1", 6), central.importedByHub());
        assertEquals(6, central.archived());
        assertEquals(RecordState.ARCHIVED, hubs.get("eu-west-1", "eu-west-1", LoggingEnabledCheck.ID).recordState());
        assertEquals("2026-11-20T10:00:00Z", hubs.get("ap-south-1", "eu-west-1", LoggingEnabledCheck.ID).createdAt());

        PublicationReport back = publish(report, SECOND.plusSeconds(60));
        assertEquals(6, back.archived());
        assertEquals(RecordState.ARCHIVED, hubs.get("ap-south-1", "us-west-2", LoggingEnabledCheck.ID).recordState());
        assertEquals(RecordState.ACTIVE, hubs.get("us-west-2", "us-west-2", LoggingEnabledCheck.ID).recordState());
        assertEquals(0, sent.size() - 1, "moving findings between hubs is no change to alert");
    }

    /**
     * Logging on in {@code region}, but only TEXT delivered, to a bucket encrypted with SSE-S3 only: it records,
     * and the data-types and encryption controls fail.
     */
    private static RegionEvidence loggingWithProblems(String region) {
        LoggingState state = Reports.logging("logs-" + region, EnumSet.of(DataType.TEXT));
        BucketEvidence healthy = Reports.healthyBucket(region,
                ((LoggingState.Enabled) state).configuration().s3().orElseThrow(), DestinationEvidence.LOG_BUCKET);
        BucketEvidence sseS3 = new BucketEvidence(healthy.destination(), healthy.purpose(), healthy.region(),
                healthy.policy(), Observed.known(Optional.of(new BucketEvidence.Encryption("AES256", Optional.empty()))),
                healthy.publicAccessBlock(), healthy.versioning(), healthy.objectLock(), healthy.objectOwnership(),
                Optional.empty(), Optional.empty());
        return new RegionEvidence(region, Reports.ACCOUNT, "aws", state,
                Optional.of(new DestinationEvidence(List.of(sseS3), Optional.empty(), Optional.empty())));
    }

    private static final List<String> NEED_LOGGING = List.of(DataTypesCheck.ID, DestinationCheck.ID,
            EncryptionCheck.ID, LogProtectionCheck.ID);

    private static List<String> statuses(List<Finding> findings) {
        return findings.stream().map(f -> f.region() + " " + f.controlId() + " " + f.status()).toList();
    }

    /** Also as a spot check of that region alone: the region was audited, so its absent controls are known. */
    @ParameterizedTest(name = "spot check: {0}")
    @ValueSource(booleans = {false, true})
    void turningLoggingOffArchivesTheControlsThatNeedItAndAlertsOnlyTheEnabledControlOnce(boolean spotCheck) {
        publish(Reports.ofEvidence(List.of(loggingWithProblems("us-west-2"),
                Reports.evidence("eu-west-1", fullLogging()))), FIRST);
        assertEquals(RecordState.ACTIVE, hubs.get("us-west-2", "us-west-2", EncryptionCheck.ID).recordState());
        assertEquals("FAILED", hubs.get("us-west-2", "us-west-2", EncryptionCheck.ID).compliance().statusAsString());
        assertEquals(1, sent.size(), "the first run announces the failures");
        AuditReport off = Reports.of(Map.of("us-west-2", new LoggingState.Disabled()));
        Publisher publisher = publisher(Optional.empty(), AlertOn.CHANGES, SECOND);

        PublicationReport second = run(publisher, off, spotCheck ? Optional.of(List.of("us-west-2")) : Optional.empty());

        assertEquals(spotCheck ? 4 : 9, second.archived(), spotCheck ? "only the audited region's"
                : "the audited region's four, and eu-west-1, which left the configured scope");
        for (String control : NEED_LOGGING) {
            assertEquals(RecordState.ARCHIVED, hubs.get("us-west-2", "us-west-2", control).recordState(), control);
        }
        AwsSecurityFinding enabled = hubs.get("us-west-2", "us-west-2", LoggingEnabledCheck.ID);
        assertEquals(RecordState.ACTIVE, enabled.recordState());
        assertEquals("FAILED", enabled.compliance().statusAsString());
        assertEquals(spotCheck ? RecordState.ACTIVE : RecordState.ARCHIVED,
                hubs.get("eu-west-1", "eu-west-1", LoggingEnabledCheck.ID).recordState(),
                "a region not audited keeps the spot-check rule");
        assertEquals(List.of("us-west-2 " + LoggingEnabledCheck.ID + " FAILED"), statuses(second.changes().newlyFailing()));
        assertEquals(List.of(), second.changes().recovered(), "a control that no longer applies did not recover");
        assertEquals(2, sent.size());
        AlertMessage alert = sent.get(1);
        assertTrue(alert.body().contains("WHAT CHANGED SINCE THE LAST ALERT\n  Newly failing:\n    us-west-2       FAILED"
                + " LOGGING: Logging is off: no S3 or CloudWatch Logs destination is configured, so no prompt or response"
                + " is recorded.\n\nNOT COMPLIANT NOW (1)"), alert.body());
        assertEquals("1", alert.attributes().get("newlyFailing").value());
        assertEquals("0", alert.attributes().get("recovered").value());

        PublicationReport third = run(publisher(Optional.empty(), AlertOn.CHANGES, SECOND.plusSeconds(60)), off,
                spotCheck ? Optional.of(List.of("us-west-2")) : Optional.empty());

        assertEquals(0, third.archived(), "archived once");
        assertFalse(third.changes().any());
        assertEquals(2, sent.size(), "the change was alerted exactly once");
    }

    @Test
    void whenLoggingComesBackItsControlsReturnActiveAndAreAlertedAsNewFindings() {
        publish(Reports.ofEvidence(List.of(loggingWithProblems("us-west-2"))), FIRST);
        publish(Reports.of(Map.of("us-west-2", new LoggingState.Disabled())), SECOND);
        int alerts = sent.size();

        PublicationReport back = publish(Reports.ofEvidence(List.of(loggingWithProblems("us-west-2"))),
                SECOND.plusSeconds(60));

        assertEquals(Map.of("us-west-2", 5), back.importedByHub());
        assertEquals(0, back.archived());
        for (String control : NEED_LOGGING) {
            assertEquals(RecordState.ACTIVE, hubs.get("us-west-2", "us-west-2", control).recordState(), control);
        }
        assertEquals(5, hubs.count(), "the same findings, reactivated in place");
        // The archived copies are not what the operator knows now: the failing ones are new again, the
        // passing ones are no news, and the enabled control recovered.
        assertEquals(List.of("us-west-2 " + DataTypesCheck.ID + " FAILED", "us-west-2 " + EncryptionCheck.ID + " FAILED"),
                statuses(back.changes().newlyFailing()));
        assertEquals(List.of("us-west-2 " + LoggingEnabledCheck.ID + " PASSED"), statuses(back.changes().recovered()));
        assertEquals(alerts + 1, sent.size());
        assertTrue(sent.get(sent.size() - 1).body().contains("    us-west-2       FAILED ENCRYPTION: log bucket"
                + " logs-us-west-2 uses SSE-S3 only"), sent.get(sent.size() - 1).body());
    }

    @Test
    void aHubWhoseHistoryCannotBeReadArchivesNothingThereWhenLoggingIsTurnedOff() {
        publish(Reports.ofEvidence(List.of(loggingWithProblems("us-west-2"))), FIRST);
        hubs.unavailable.put("us-west-2", new HubUnavailableException("ThrottlingException: throttled", false, null));

        PublicationReport run = publish(Reports.of(Map.of("us-west-2", new LoggingState.Disabled())), SECOND);

        assertEquals(0, run.archived());
        assertTrue(run.failed(), "the enabled control's finding waits for the next run");
        hubs.unavailable.clear();
        for (String control : NEED_LOGGING) {
            assertEquals(RecordState.ACTIVE, hubs.get("us-west-2", "us-west-2", control).recordState(), control);
        }

        PublicationReport next = publish(Reports.of(Map.of("us-west-2", new LoggingState.Disabled())),
                SECOND.plusSeconds(60));

        assertEquals(4, next.archived(), "archived by the next run that can read the hub");
        assertFalse(next.failed());
    }

    /** A spot check without a topic (a laptop's --publish) leaves the change for the deployed function to alert. */
    @Test
    void withoutATopicNothingIsSentNothingFailsAndTheChangeWaitsForARunWithATopic() {
        Publisher noTopic = publisher(Optional.empty(), Optional.empty(), AlertOn.ALWAYS, FIRST);
        AuditReport report = Reports.of(Map.of("us-west-2", new LoggingState.Disabled()));

        PublicationReport run = run(noTopic, report);

        assertEquals(new PublicationReport.AlertOutcome.NoTopic(), run.alert());
        assertFalse(run.failed());
        assertTrue(sent.isEmpty());
        assertEquals("NONE", hubs.get("us-west-2", "us-west-2", LoggingEnabledCheck.ID).productFields()
                .get(AsffMapper.ALERT_BASELINE), "nobody was told of the failure");

        PublicationReport next = publish(report, SECOND);

        assertEquals(1, sent.size(), "the first run with a topic alerts the failure");
        assertTrue(sent.get(0).body().contains("Newly failing:\n    us-west-2"), sent.get(0).body());
        assertInstanceOf(PublicationReport.AlertOutcome.Sent.class, next.alert());
        assertEquals("FAILED/MEDIUM", hubs.get("us-west-2", "us-west-2", LoggingEnabledCheck.ID).productFields()
                .get(AsffMapper.ALERT_BASELINE));
    }
}
