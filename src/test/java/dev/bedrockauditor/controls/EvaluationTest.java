package dev.bedrockauditor.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.aws.BedrockLoggingStates;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import java.util.List;
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

/** Bedrock's answer, as the SDK parses it, through the mapping and both controls. */
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
                        Status.PASSED, Status.PASSED,
                        "S3 s3://audit-logs/bedrock/; CloudWatch log group /aws/bedrock/invocations"),
                Arguments.of("S3 only", allTypes.toBuilder().s3Config(BUCKET).build(),
                        Status.PASSED, Status.PASSED, "S3 s3://audit-logs/bedrock/"),
                Arguments.of("CloudWatch only, with a large-data bucket",
                        allTypes.toBuilder().cloudWatchConfig(LOG_GROUP.toBuilder()
                                .largeDataDeliveryS3Config(S3Config.builder().bucketName("big-payloads").build())
                                .build()).build(),
                        Status.PASSED, Status.PASSED,
                        "role arn:aws:iam::111122223333:role/BedrockLogging); large data s3://big-payloads/"),
                Arguments.of("CloudWatch only, no bucket for binary data",
                        allTypes.toBuilder().cloudWatchConfig(LOG_GROUP).build(),
                        Status.PASSED, Status.FAILED, "CloudWatch log group /aws/bedrock/invocations"),
                Arguments.of("empty object", LoggingConfig.builder().build(),
                        Status.FAILED, Status.NOT_AVAILABLE, "Logging is off"),
                Arguments.of("null", null, Status.FAILED, Status.NOT_AVAILABLE, "Logging is off"),
                Arguments.of("data types on but no destination", allTypes, Status.FAILED, Status.NOT_AVAILABLE,
                        "Logging is off"),
                Arguments.of("blank bucket name is no destination",
                        allTypes.toBuilder().s3Config(S3Config.builder().bucketName(" ").build()).build(),
                        Status.FAILED, Status.NOT_AVAILABLE, "Logging is off"),
                Arguments.of("only some types",
                        LoggingConfig.builder().s3Config(BUCKET).textDataDeliveryEnabled(true)
                                .imageDataDeliveryEnabled(false).embeddingDataDeliveryEnabled(true).build(),
                        Status.PASSED, Status.FAILED, "S3 s3://audit-logs/bedrock/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void evaluatesEachShapeOfConfiguration(
            String name, LoggingConfig config, Status enabled, Status dataTypes, String enabledDetail) {
        List<Finding> findings = ALL_TYPES.evaluate(Reports.evidence("eu-west-1", BedrockLoggingStates.toState(config)));

        assertEquals(5, findings.size());
        Finding logging = findings.get(0);
        Finding types = findings.get(1);
        assertEquals(LoggingEnabledCheck.ID, logging.controlId());
        assertEquals(DataTypesCheck.ID, types.controlId());
        assertEquals(enabled, logging.status());
        assertEquals(dataTypes, types.status());
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
    void disabledIsFailedAtTheControlsSeverityAndDataTypesPointToIt() {
        List<Finding> findings = ALL_TYPES.evaluate(Reports.evidence("us-west-2", new LoggingState.Disabled()));

        assertEquals(Severity.MEDIUM, findings.get(0).severity());
        assertEquals(Status.NOT_AVAILABLE, findings.get(1).status());
        assertEquals(Severity.INFORMATIONAL, findings.get(1).severity());
        assertTrue(findings.get(1).detail().contains(LoggingEnabledCheck.ID), findings.get(1).detail());
    }

    @Test
    void unknownIsNotAvailableWithTheReasonAndNeverDropped() {
        String reason = "AccessDenied: the auditor's role lacks bedrock:GetModelInvocationLoggingConfiguration";

        List<Finding> findings = ALL_TYPES.evaluate(Reports.evidence("ap-south-1", new LoggingState.Unknown(reason)));

        assertEquals(5, findings.size());
        assertEquals(Status.NOT_AVAILABLE, findings.get(0).status());
        assertEquals(Severity.MEDIUM, findings.get(0).severity());
        assertTrue(findings.get(0).detail().contains(reason), findings.get(0).detail());
        assertTrue(findings.get(0).needsAttention());
        assertEquals(Status.NOT_AVAILABLE, findings.get(1).status());
        assertEquals(Severity.INFORMATIONAL, findings.get(1).severity());
        assertTrue(!findings.get(1).needsAttention());
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
