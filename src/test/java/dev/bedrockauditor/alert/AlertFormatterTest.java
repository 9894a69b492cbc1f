package dev.bedrockauditor.alert;

import static dev.bedrockauditor.testing.Reports.fullLogging;
import static dev.bedrockauditor.testing.Reports.logging;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.PublicationReport.Fallback;
import dev.bedrockauditor.domain.PublicationReport.Undelivered;
import dev.bedrockauditor.domain.Status;
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
        AlertMessage message = AlertFormatter.format(mixed(), NONE, List.of(), List.of(), Optional.empty());

        assertEquals("Bedrock invocation logging: 3 of 4 regions not compliant (111122223333)", message.subject());
        assertTrue(message.subject().length() < 100);
        assertTrue(message.subject().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "ASCII without line breaks");
    }

    @Test
    void subjectSaysWhenAllIsWellAndWhenDeliveryFailed() {
        AuditReport passing = Reports.of(Map.of("us-east-1", fullLogging()));
        assertEquals("Bedrock invocation logging: all 1 regions compliant (111122223333)",
                AlertFormatter.format(passing, NONE, List.of(), List.of(), Optional.empty()).subject());
        assertEquals("Bedrock invocation logging: all 1 regions compliant, delivery failed (111122223333)",
                AlertFormatter.format(passing, NONE, List.of(),
                        List.of(new Undelivered("id-1", "us-east-1", "ThrottlingException")), Optional.empty()).subject());
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

        String body = AlertFormatter.format(report, changes, List.of(), List.of(), Optional.empty()).body();

        assertTrue(body.startsWith("Amazon Bedrock model invocation logging audit of account 111122223333 (partition"
                + " aws), 2026-11-24 10:00 UTC."), body);
        assertTrue(body.contains("4 region(s) audited: 1 compliant, 2 with failed controls, 1 could not be checked."));
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
        assertTrue(body.contains("    aws bedrock put-model-invocation-logging-configuration --region us-west-2"
                + " --logging-config '{\"s3Config\":{\"bucketName\":\"YOUR-LOG-BUCKET\""), body);
        assertTrue(body.contains("https://console.aws.amazon.com/securityhub/home?region=us-east-1#/findings"), body);
        assertTrue(body.contains("Filter: Generator ID starts with bedrock-invocation-logging- (one finding per region"
                + " and control)."), body);
        assertFalse(body.contains("DELIVERY PROBLEMS"));
    }

    @Test
    void aFixForMissingDataTypesKeepsTheRegionsDestinations() {
        AuditReport report = Reports.of(Map.of("eu-west-1", logging("eu-logs", EnumSet.of(DataType.TEXT))));

        String body = AlertFormatter.format(report, NONE, List.of(), List.of(), Optional.empty()).body();

        assertTrue(body.contains("Deliver every data type in eu-west-1, keeping its destinations:"), body);
        assertTrue(body.contains("--region eu-west-1 --logging-config '{\"s3Config\":{\"bucketName\":\"eu-logs\"},"
                + "\"textDataDeliveryEnabled\":true,\"imageDataDeliveryEnabled\":true,\"embeddingDataDeliveryEnabled\":true,"
                + "\"videoDataDeliveryEnabled\":true,\"audioDataDeliveryEnabled\":true}'"), body);
    }

    @Test
    void deliveryProblemsAreListedByFindingAndHub() {
        String body = AlertFormatter.format(mixed(), NONE,
                List.of(new Fallback("eu-west-1", "us-east-1", 2, "InvalidAccessException: Security Hub is not enabled")),
                List.of(new Undelivered("bedrock-logging-auditor/aws/111122223333/ap-south-1/x", "ap-south-1",
                        "ThrottlingException: throttled on every attempt")),
                Optional.of("us-east-1")).body();

        assertTrue(body.contains("!! 1 finding(s) could not be delivered to Security Hub"), body);
        assertTrue(body.contains("  eu-west-1 refused 2 finding(s) (InvalidAccessException: Security Hub is not"
                + " enabled); they were imported into us-east-1 instead."), body);
        assertTrue(body.contains("  Not delivered: bedrock-logging-auditor/aws/111122223333/ap-south-1/x to ap-south-1:"
                + " ThrottlingException: throttled on every attempt"), body);
        assertTrue(body.contains("All findings are in us-east-1:"), body);
    }

    @Test
    void attributesServeSubscriptionFilterPolicies() {
        Map<String, AlertMessage.Attribute> attributes =
                AlertFormatter.format(mixed(), NONE, List.of(), List.of(), Optional.empty()).attributes();

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

        AlertMessage message = AlertFormatter.format(report, new Changes(List.of(), failing, List.of()), List.of(),
                lost, Optional.empty());

        assertTrue(message.sizeInBytes() < 256 * 1024, "size " + message.sizeInBytes());
        assertTrue(message.body().contains(" more finding(s) (see Security Hub)."), "cut lists say so");
        assertTrue(message.body().contains("DELIVERY PROBLEMS"), "sections after a long list still appear");
        assertTrue(message.subject().length() < 100);
    }
}
