package dev.bedrockauditor.alert;

import static dev.bedrockauditor.testing.Reports.fullLogging;
import static dev.bedrockauditor.testing.Reports.logging;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.RoleEvidence;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.PublicationReport.Fallback;
import dev.bedrockauditor.domain.PublicationReport.Undelivered;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.testing.DetectionReports;
import dev.bedrockauditor.testing.Reports;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AlertFormatterTest {

    private static final Changes NONE = new Changes(List.of(), List.of(), List.of());

    private static AuditReport mixed() {
        Map<String, LoggingState> states = new LinkedHashMap<>();
        states.put("us-east-1", fullLogging());
        states.put("eu-west-1", logging("eu-logs", EnumSet.of(DataType.TEXT, DataType.EMBEDDING)));
        states.put("us-west-2", new LoggingState.Disabled());
        states.put("ap-south-1", new LoggingState.Unknown("AccessDenied: the auditor's role lacks"
                + " bedrock:GetModelInvocationLoggingConfiguration"));
        return Reports.of(states);
    }

    private static Finding finding(AuditReport report, String region, Status status) {
        return report.findings().stream().filter(f -> f.region().equals(region) && f.status() == status)
                .findFirst().orElseThrow();
    }

    @Test
    void subjectNamesTheCountAndAccountOnOneAsciiLineUnder100Characters() {
        AlertMessage message = AlertFormatter.format(mixed(), NONE, AlertContext.ownHubs());

        assertEquals("Bedrock invocation logging: 3 of 4 regions not compliant (111122223333)", message.subject());
        assertTrue(message.subject().length() < 100);
        assertTrue(message.subject().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "ASCII without line breaks");
    }

    @Test
    void subjectSaysWhenAllIsWellAndWhenDeliveryFailed() {
        AuditReport passing = Reports.of(Map.of("us-east-1", fullLogging()));
        assertEquals("Bedrock invocation logging: the 1 region audited is compliant (111122223333)",
                AlertFormatter.format(passing, NONE, AlertContext.ownHubs()).subject());
        assertEquals("Bedrock invocation logging: the 1 region audited is compliant, delivery failed (111122223333)",
                AlertFormatter.format(passing, NONE, new AlertContext(region -> region, List.of(),
                        List.of(new Undelivered("id-1", "us-east-1", "ThrottlingException")))).subject());
    }

    @Test
    void asciiLineReplacesControlCharactersAndCutsLongText() {
        assertEquals("a b c", AlertFormatter.asciiLine("a\nb\u00e9c", 99).replace("  ", " ").replace(" c", " c"));
        assertEquals(99, AlertFormatter.asciiLine("x".repeat(300), 99).length());
        assertTrue(AlertFormatter.asciiLine("x".repeat(300), 99).endsWith("..."));
    }

    @Test
    void bodyTellsWhatChangedWhatFailsHowToFixAndWhereToLook() {
        AuditReport report = mixed();
        Changes changes = new Changes(List.of(finding(report, "us-west-2", Status.FAILED)),
                List.of(finding(report, "ap-south-1", Status.NOT_AVAILABLE)),
                List.of(finding(report, "us-east-1", Status.PASSED)));

        String body = AlertFormatter.format(report, changes, AlertContext.ownHubs()).body();

        assertTrue(body.startsWith("Amazon Bedrock model invocation logging audit of account 111122223333 (partition"
                + " aws), 2026-11-24 10:00 UTC."), body);
        assertTrue(body.contains("4 regions audited: 1 compliant, 2 with failed controls, 1 could not be checked."), body);
        assertTrue(body.contains("  Newly failing:\n    us-west-2       FAILED LOGGING: Logging is off"), body);
        assertTrue(body.contains("  Newly not checked:\n    ap-south-1      NOT_AVAILABLE LOGGING: Could not read"), body);
        assertTrue(body.contains("  Recovered (now PASSED):\n    us-east-1       PASSED LOGGING: Logging delivers to"), body);
        int notCompliant = body.indexOf("NOT COMPLIANT NOW (3)");
        assertTrue(notCompliant > 0, body);
        List<String> rows = body.substring(notCompliant).lines().skip(1).limit(3).toList();
        assertTrue(rows.get(0).startsWith("  us-west-2       FAILED         LOGGING: Logging is off"), rows.get(0));
        assertTrue(rows.get(1).startsWith("  eu-west-1       FAILED         DATA TYPES: Not delivered: IMAGE, VIDEO,"
                + " AUDIO"), rows.get(1));
        assertTrue(rows.get(2).startsWith("  ap-south-1      NOT_AVAILABLE  LOGGING: Could not read"), rows.get(2));
        assertTrue(body.contains("      aws bedrock put-model-invocation-logging-configuration --region us-west-2"
                + " --logging-config '{\"s3Config\":{\"bucketName\":\"bedrock-invocation-logs-111122223333-us-west-2\""),
                body);
        assertTrue(body.contains("IN SECURITY HUB CSPM\n"
                + "  Findings of us-west-2 are in us-west-2: https://console.aws.amazon.com/securityhub/home?region=us-west-2#/findings\n"
                + "  Findings of eu-west-1 are in eu-west-1: https://console.aws.amazon.com/securityhub/home?region=eu-west-1#/findings\n"
                + "  Findings of ap-south-1 are in ap-south-1: https://console.aws.amazon.com/securityhub/home?region=ap-south-1#/findings\n"
                + "  Findings of us-east-1 are in us-east-1: https://console.aws.amazon.com/securityhub/home?region=us-east-1#/findings\n"),
                body);
        assertTrue(body.contains("Filter: Generator ID starts with bedrock-invocation-logging- (one finding per region"
                + " and control that applies)."), body);
        assertFalse(body.contains("DELIVERY PROBLEMS"));
    }

    @Test
    void aWarningIsAlertedAsANewWarningWithItsFixNotAsAFailure() {
        AuditReport report = DetectionReports.of(Map.of("us-east-1", fullLogging(), "eu-west-1", fullLogging(),
                "us-west-2", new LoggingState.Disabled()), Map.of("eu-west-1", "DISABLED"));
        Finding warning = finding(report, "eu-west-1", Status.WARNING);
        Changes changes = new Changes(List.of(finding(report, "us-west-2", Status.FAILED), warning), List.of(),
                List.of());

        AlertMessage message = AlertFormatter.format(report, changes, AlertContext.ownHubs());
        String body = message.body();

        assertEquals("Bedrock invocation logging: 2 of 3 regions not compliant (111122223333)", message.subject());
        assertTrue(body.contains("3 regions audited: 1 compliant, 1 with failed controls, 1 with warnings only,"
                + " 0 could not be checked."), body);
        assertTrue(body.contains("  Newly failing:\n    us-west-2       FAILED LOGGING: Logging is off"), body);
        assertTrue(body.contains("  New warnings:\n    eu-west-1       WARNING DETECTION: Changes to logging here are"
                + " noticed only by the next scheduled audit: EventBridge rule bedrock-logging-auditor-changes is"
                + " disabled."), body);
        assertFalse(body.contains("Newly failing:\n    us-west-2       FAILED LOGGING: Logging is off: no S3 or"
                + " CloudWatch Logs destination is configured, so no prompt or response is recorded.\n    eu-west-1"),
                "the warning is not listed as a failure");
        assertTrue(body.contains("  eu-west-1       WARNING        DETECTION: Changes to logging here"), body);
        assertTrue(body.contains("  eu-west-1 (DETECTION):\n    Enable EventBridge rule bedrock-logging-auditor-changes"
                + " in eu-west-1, so that changes there reach the auditor again:\n"
                + "      aws events enable-rule --region eu-west-1 --name bedrock-logging-auditor-changes\n"), body);
        assertEquals("WARNING", AlertFormatter.format(DetectionReports.of(Map.of("eu-west-1", fullLogging()),
                Map.of("eu-west-1", "DISABLED")), NONE, AlertContext.ownHubs()).attributes().get("worstStatus").value());
    }

    @Test
    void aFixForMissingDataTypesKeepsTheRegionsDestinationsAndTurnsOnEveryRequiredType() {
        AuditReport report = Reports.of(Map.of("eu-west-1", logging("eu-logs", EnumSet.of(DataType.TEXT))));

        String body = AlertFormatter.format(report, NONE, AlertContext.ownHubs()).body();

        assertTrue(body.contains("  eu-west-1 (DATA TYPES):\n    Save the logging configuration of eu-west-1, turning on"
                + " IMAGE, EMBEDDING, VIDEO, AUDIO, keeping the rest"), body);
        assertTrue(body.contains("--region eu-west-1 --logging-config '{\"s3Config\":{\"bucketName\":\"eu-logs\"},"
                + "\"textDataDeliveryEnabled\":true,\"imageDataDeliveryEnabled\":true,\"embeddingDataDeliveryEnabled\":true,"
                + "\"videoDataDeliveryEnabled\":true,\"audioDataDeliveryEnabled\":true}'"), body);
    }

    @Test
    void eachFailingControlGetsItsOwnFixNotTheDataTypesCommand() {
        LoggingState s3Only = fullLogging();
        LoggingConfiguration configuration = ((LoggingState.Enabled) s3Only).configuration();
        RegionEvidence healthy = Reports.evidence("eu-west-1", s3Only);
        DestinationEvidence destinations = healthy.destinations().orElseThrow();
        BucketEvidence bucket = destinations.buckets().get(0);
        BucketEvidence noPolicy = new BucketEvidence(bucket.destination(), bucket.purpose(), bucket.region(),
                Observed.known(Optional.empty()), bucket.encryption(), bucket.publicAccessBlock(), bucket.versioning(),
                bucket.objectLock(), bucket.objectOwnership(), bucket.encryptionKey(), bucket.accountPublicAccessBlock());
        LoggingState withGroup = new LoggingState.Enabled(new LoggingConfiguration(configuration.s3(), Optional.of(
                new CloudWatchDestination("/bedrock", "arn:aws:iam::" + Reports.ACCOUNT + ":role/Writer", Optional.empty())),
                EnumSet.allOf(DataType.class)));
        RegionEvidence shortRetention = new RegionEvidence("us-west-2", Reports.ACCOUNT, "aws", withGroup,
                Optional.of(new DestinationEvidence(List.of(Reports.healthyBucket("us-west-2", bucket.destination(),
                        DestinationEvidence.LOG_BUCKET)), Optional.of(Reports.healthyLogGroup("us-west-2", "/bedrock", 30)),
                        Optional.of(Reports.healthyRole("us-west-2", "arn:aws:iam::" + Reports.ACCOUNT + ":role/Writer",
                                "/bedrock")))));
        AuditReport report = Reports.ofEvidence(List.of(new RegionEvidence("eu-west-1", Reports.ACCOUNT, "aws", s3Only,
                Optional.of(new DestinationEvidence(List.of(noPolicy), Optional.empty(), Optional.empty()))),
                shortRetention));
        Finding recoveredTypes = report.findings().stream()
                .filter(f -> f.region().equals("eu-west-1") && f.control().label().equals("DATA TYPES")).findFirst()
                .orElseThrow();

        String body = AlertFormatter.format(report, new Changes(List.of(), List.of(), List.of(recoveredTypes)),
                AlertContext.ownHubs()).body();

        String fixes = body.substring(body.indexOf("HOW TO FIX"), body.indexOf("IN SECURITY HUB CSPM"));
        assertFalse(fixes.contains("put-model-invocation-logging-configuration"), "no control asks for the"
                + " configuration to change:\n" + fixes);
        assertTrue(fixes.contains("  eu-west-1 (LOGGING, DESTINATION):\n    Give bucket logs a policy that lets"
                + " bedrock.amazonaws.com s3:PutObject under s3://logs/:\n"
                + "      aws s3api put-bucket-policy --region eu-west-1 --bucket logs --policy '"), fixes);
        assertTrue(fixes.contains("  us-west-2 (PROTECTION):\n    Keep the events of log group /bedrock 90 days:\n"
                + "      aws logs put-retention-policy --region us-west-2 --log-group-name /bedrock --retention-in-days 90"),
                fixes);
    }

    @Test
    void deliveryProblemsAreListedByFindingAndHub() {
        String body = AlertFormatter.format(mixed(), NONE, new AlertContext(region -> "us-east-1",
                List.of(new Fallback("eu-west-1", "us-east-1", 2, "InvalidAccessException: Security Hub CSPM is not enabled")),
                List.of(new Undelivered("bedrock-logging-auditor/aws/111122223333/ap-south-1/x", "ap-south-1",
                        "ThrottlingException: throttled on every attempt")))).body();

        assertTrue(body.contains("!! 1 finding(s) cannot be delivered to Security Hub CSPM this run"), body);
        assertTrue(body.contains("  eu-west-1 refuses findings (InvalidAccessException: Security Hub CSPM is not"
                + " enabled); its 2 finding(s) go to us-east-1 instead."), body);
        assertTrue(body.contains("  Not delivered: bedrock-logging-auditor/aws/111122223333/ap-south-1/x to ap-south-1:"
                + " ThrottlingException: throttled on every attempt"), body);
        assertTrue(body.contains("  Findings of us-west-2, eu-west-1, ap-south-1 are in us-east-1:"
                + " https://console.aws.amazon.com/securityhub/home?region=us-east-1#/findings"), body);
    }

    @Test
    void attributesServeSubscriptionFilterPolicies() {
        Map<String, AlertMessage.Attribute> attributes =
                AlertFormatter.format(mixed(), NONE, AlertContext.ownHubs()).attributes();

        assertEquals(new AlertMessage.Attribute("String", "111122223333"), attributes.get("accountId"));
        assertEquals(new AlertMessage.Attribute("String", "FAILED"), attributes.get("worstStatus"));
        assertEquals(new AlertMessage.Attribute("Number", "2"), attributes.get("failingRegions"));
        assertEquals(new AlertMessage.Attribute("Number", "1"), attributes.get("notCheckedRegions"));
        assertEquals(new AlertMessage.Attribute("String", "false"), attributes.get("deliveryFailed"));
        assertTrue(attributes.size() <= 10, "SNS takes at most 10 attributes");
    }

    @Test
    void theMessageStaysUnder256KilobytesHoweverManyRegionsFail() {
        Map<String, LoggingState> states = new LinkedHashMap<>();
        IntStream.range(0, 5000).forEach(i -> states.put("xx-region-" + i,
                new LoggingState.Unknown("Timeout: " + "slow ".repeat(30))));
        AuditReport report = Reports.of(states);
        List<Finding> failing = report.findings().stream().filter(Finding::needsAttention).toList();
        List<Undelivered> lost = failing.stream()
                .map(f -> new Undelivered("id-" + f.region(), f.region(), "ThrottlingException")).toList();

        AlertMessage message = AlertFormatter.format(report, new Changes(List.of(), failing, List.of()),
                new AlertContext(region -> region, List.of(), lost));

        assertTrue(message.sizeInBytes() < 256 * 1024, "size " + message.sizeInBytes());
        assertTrue(message.body().contains(" more finding(s) (see Security Hub CSPM)."), "cut lists say so");
        assertTrue(message.body().contains("DELIVERY PROBLEMS"), "sections after a long list still appear");
        assertTrue(message.subject().length() < 100);
    }
}
