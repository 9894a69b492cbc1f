package dev.bedrockauditor.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.aws.BedrockLoggingStates;
import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import dev.bedrockauditor.testing.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.bedrock.model.CloudWatchConfig;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;

/** Bedrock's answer, as the SDK parses it, through the mapping and the controls. */
class EvaluationTest {

    private static final ControlSuite ALL_TYPES = Reports.CONTROLS;

    private static final S3Config BUCKET = S3Config.builder().bucketName("audit-logs").keyPrefix("bedrock/").build();
    private static final CloudWatchConfig LOG_GROUP = CloudWatchConfig.builder()
            .logGroupName("/aws/bedrock/invocations")
            .roleArn("arn:aws:iam::111122223333:role/BedrockLogging")
            .build();

    static Stream<Arguments> configurations() {
        LoggingConfig allTypes = LoggingConfig.builder()
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true).build();
        return Stream.of(
                Arguments.of("full: S3 and CloudWatch, every type",
                        allTypes.toBuilder().s3Config(BUCKET).cloudWatchConfig(LOG_GROUP).build(),
                        Status.PASSED, Optional.of(Status.PASSED),
                        "S3 s3://audit-logs/bedrock/; CloudWatch log group /aws/bedrock/invocations"),
                Arguments.of("S3 only", allTypes.toBuilder().s3Config(BUCKET).build(),
                        Status.PASSED, Optional.of(Status.PASSED), "S3 s3://audit-logs/bedrock/"),
                Arguments.of("CloudWatch only, with a large-data bucket",
                        allTypes.toBuilder().cloudWatchConfig(LOG_GROUP.toBuilder()
                                .largeDataDeliveryS3Config(S3Config.builder().bucketName("big-payloads").build())
                                .build()).build(),
                        Status.PASSED, Optional.of(Status.PASSED),
                        "role arn:aws:iam::111122223333:role/BedrockLogging); large data s3://big-payloads/"),
                Arguments.of("CloudWatch only, no bucket for binary data",
                        allTypes.toBuilder().cloudWatchConfig(LOG_GROUP).build(),
                        Status.PASSED, Optional.of(Status.FAILED), "CloudWatch log group /aws/bedrock/invocations"),
                Arguments.of("empty object", LoggingConfig.builder().build(),
                        Status.FAILED, Optional.empty(), "Logging is off"),
                Arguments.of("null", null, Status.FAILED, Optional.empty(), "Logging is off"),
                Arguments.of("data types on but no destination", allTypes, Status.FAILED, Optional.empty(),
                        "Logging is off"),
                Arguments.of("blank bucket name is no destination",
                        allTypes.toBuilder().s3Config(S3Config.builder().bucketName(" ").build()).build(),
                        Status.FAILED, Optional.empty(), "Logging is off"),
                Arguments.of("only some types",
                        LoggingConfig.builder().s3Config(BUCKET).textDataDeliveryEnabled(true)
                                .imageDataDeliveryEnabled(false).embeddingDataDeliveryEnabled(true).build(),
                        Status.PASSED, Optional.of(Status.FAILED), "S3 s3://audit-logs/bedrock/"));
    }

    /** @param dataTypes the data-types control's status, empty where it has no finding (logging is off) */
    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void evaluatesEachShapeOfConfiguration(
            String name, LoggingConfig config, Status enabled, Optional<Status> dataTypes, String enabledDetail) {
        List<Finding> findings = ALL_TYPES.evaluate(Reports.evidence("eu-west-1", BedrockLoggingStates.toState(config)));

        assertEquals(dataTypes.isPresent() ? 5 : 1, findings.size(), findings.toString());
        Finding logging = findings.get(0);
        assertEquals(LoggingEnabledCheck.ID, logging.controlId());
        assertEquals(enabled, logging.status());
        assertEquals(dataTypes, findings.stream().filter(f -> f.controlId().equals(DataTypesCheck.ID))
                .map(Finding::status).findFirst());
        assertTrue(logging.detail().contains(enabledDetail), logging.detail());
        assertEquals("eu-west-1", logging.region());
    }

    @Test
    void missingTypesAreNamedAndAFieldTheApiLeavesOutCountsAsOff() {
        LoggingConfig config = LoggingConfig.builder().s3Config(BUCKET)
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(false).embeddingDataDeliveryEnabled(true)
                .build();

        Finding types = ALL_TYPES.evaluate(Reports.evidence("us-east-1", BedrockLoggingStates.toState(config))).get(1);

        assertEquals(Status.FAILED, types.status());
        assertEquals(Severity.LOW, types.severity());
        assertEquals("Not delivered: IMAGE, VIDEO, AUDIO (required: TEXT, IMAGE, EMBEDDING, VIDEO, AUDIO).",
                types.detail());
    }

    @Test
    void requiredTypesCanBeNarrowed() {
        LoggingConfig textOnly = LoggingConfig.builder().s3Config(BUCKET).textDataDeliveryEnabled(true).build();
        ControlSuite textRequired = ControlSuite.standard(Set.of(DataType.TEXT), 90);

        Finding types = textRequired.evaluate(Reports.evidence("us-east-1", BedrockLoggingStates.toState(textOnly))).get(1);

        assertEquals(Status.PASSED, types.status());
        assertEquals(Severity.INFORMATIONAL, types.severity());
        assertEquals("Every required data type is delivered: TEXT.", types.detail());
    }

    @Test
    void whereLoggingIsOffOnlyTheEnabledControlHasAFindingFailedWithItsFix() {
        RegionEvidence off = Reports.evidence("us-west-2", new LoggingState.Disabled());

        List<Finding> findings = ALL_TYPES.evaluate(off);

        assertEquals(List.of(LoggingEnabledCheck.ID), findings.stream().map(Finding::controlId).toList(),
                "the controls that need logging on have nothing to say where it is off");
        Finding enabled = findings.get(0);
        assertEquals(Status.FAILED, enabled.status());
        assertEquals(Severity.MEDIUM, enabled.severity());
        assertTrue(enabled.detail().startsWith("Logging is off"), enabled.detail());
        assertFalse(enabled.fixes().isEmpty(), "the one finding carries the fix");
        for (Check check : ALL_TYPES.checks()) {
            boolean isEnabledControl = check.control().id().equals(LoggingEnabledCheck.ID);
            assertEquals(isEnabledControl, check.evaluate(off).isPresent(), check.control().id());
        }
    }

    @Test
    void unknownIsNotAvailableWithTheReasonAndNeverDropped() {
        String reason = "AccessDenied: the auditor's role lacks bedrock:GetModelInvocationLoggingConfiguration";

        List<Finding> findings = ALL_TYPES.evaluate(Reports.evidence("ap-south-1", new LoggingState.Unknown(reason)));

        assertEquals(5, findings.size(), "what could not be read stays visible, control by control");
        assertEquals(Status.NOT_AVAILABLE, findings.get(0).status());
        assertEquals(Severity.MEDIUM, findings.get(0).severity());
        assertTrue(findings.get(0).detail().contains(reason), findings.get(0).detail());
        assertTrue(findings.get(0).needsAttention());
        for (Finding dependent : findings.subList(1, 5)) {
            assertEquals(Status.NOT_AVAILABLE, dependent.status(), dependent.controlId());
            assertEquals(Severity.INFORMATIONAL, dependent.severity(), dependent.controlId());
            assertEquals("The logging configuration could not be read; see " + LoggingEnabledCheck.ID + ".",
                    dependent.detail());
            assertFalse(dependent.needsAttention(), dependent.controlId());
        }
    }

    @Test
    void loggingConfiguredToADeletedBucketKeepsEveryControlsFinding() {
        LoggingState configured = Reports.logging("deleted-bucket", EnumSet.allOf(DataType.class));
        LoggingConfiguration configuration = ((LoggingState.Enabled) configured).configuration();
        BucketEvidence missing = new BucketEvidence(configuration.s3().orElseThrow(), DestinationEvidence.LOG_BUCKET,
                Observed.known(Optional.empty()), Observed.known(Optional.empty()), Observed.known(Optional.empty()),
                Observed.known(Optional.empty()), Observed.known("Off"), Observed.known(false),
                Observed.known(Optional.empty()), Optional.empty(), Optional.empty());
        RegionEvidence evidence = new RegionEvidence("eu-central-1", Reports.ACCOUNT, "aws", configured,
                Optional.of(new DestinationEvidence(List.of(missing), Optional.empty(), Optional.empty())));

        List<Finding> findings = ALL_TYPES.evaluate(evidence);

        // Logging is on, if broken: the other controls still apply, and say what they could not check.
        assertEquals(5, findings.size(), findings.toString());
        assertEquals(Status.FAILED, findings.get(0).status());
        assertEquals(Status.FAILED, findings.get(2).status());
        assertEquals(Status.NOT_AVAILABLE, findings.get(3).status());
        assertEquals("No existing destination to check; see " + DestinationCheck.ID + ".", findings.get(3).detail());
    }

    @Test
    void passedFindingsAreInformational() {
        LoggingConfig config = LoggingConfig.builder().cloudWatchConfig(LOG_GROUP.toBuilder()
                        .largeDataDeliveryS3Config(S3Config.builder().bucketName("big-payloads").build()).build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true).build();

        List<Finding> findings = ALL_TYPES.evaluate(Reports.evidence("us-east-1", BedrockLoggingStates.toState(config)));

        findings.forEach(finding -> assertEquals(Severity.INFORMATIONAL, finding.severity(), finding.controlId()));
    }
}
