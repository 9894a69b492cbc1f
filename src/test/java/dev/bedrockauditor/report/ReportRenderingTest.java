package dev.bedrockauditor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.RegionScope;
import dev.bedrockauditor.domain.S3Destination;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import dev.bedrockauditor.testing.DetectionReports;
import dev.bedrockauditor.testing.Reports;
import org.junit.jupiter.api.Test;

class ReportRenderingTest {

    private static AuditReport report() {
        Map<String, LoggingState> states = new TreeMap<>();
        states.put("us-east-1", new LoggingState.Enabled(new LoggingConfiguration(
                Optional.of(new S3Destination("logs", "bedrock/")), Optional.empty(), EnumSet.allOf(DataType.class))));
        states.put("eu-west-1", Reports.logging("logs", EnumSet.of(DataType.TEXT)));
        states.put("us-west-2", new LoggingState.Disabled());
        states.put("ap-south-1", new LoggingState.Unknown("AccessDenied: the auditor's role lacks x"));
        return Reports.of(states, RegionScope.Source.EXPLICIT, List.of("a warning"));
    }

    @Test
    void tableHasOneRowPerRegionWorstFirstWithTheReason() {
        List<String> lines = TableReport.render(report()).lines().toList();

        assertEquals(6, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("REGION\\s+STATUS\\s+LOGGING\\s+DATA TYPES\\s+DESTINATION\\s+ENCRYPTION"
                + "\\s+PROTECTION\\s+DETAIL"), lines.get(0));
        // Where logging is off only the enabled control has a finding.
        assertTrue(lines.get(1).matches("us-west-2\\s+FAILED\\s+FAIL(\\s+-){4}\\s+Logging is off: .*"), lines.get(1));
        assertTrue(lines.get(2).matches("eu-west-1\\s+FAILED\\s+PASS\\s+FAIL(\\s+PASS){3}\\s+Not delivered: IMAGE,"
                + " EMBEDDING, VIDEO, AUDIO .*"), lines.get(2));
        assertTrue(lines.get(3).matches("ap-south-1\\s+NOT_AVAILABLE(\\s+N/A){5}\\s+Could not read the logging"
                + " configuration: AccessDenied: the auditor's role lacks x\\."), lines.get(3));
        assertTrue(lines.get(4).matches("us-east-1\\s+PASSED(\\s+PASS){5}\\s+Logging delivers to S3"
                + " s3://logs/bedrock/\\."), lines.get(4));
        assertEquals("4 regions audited in account 111122223333 (aws): 2 logging, 1 not logging, 1 not checked;"
                + " 2 with failed controls.", lines.get(5));
    }

    @Test
    void theTableKeepsEveryControlsColumnWhenOnlyRegionsWithoutLoggingWereAudited() {
        List<String> lines = TableReport.render(Reports.of(Map.of("us-west-2", new LoggingState.Disabled())))
                .lines().toList();

        assertTrue(lines.get(0).matches("REGION\\s+STATUS\\s+LOGGING\\s+DATA TYPES\\s+DESTINATION\\s+ENCRYPTION"
                + "\\s+PROTECTION\\s+DETAIL"), lines.get(0));
        assertTrue(lines.get(1).matches("us-west-2\\s+FAILED\\s+FAIL(\\s+-){4}\\s+Logging is off: .*"), lines.get(1));
    }

    @Test
    void aWarningShowsAsWarnInItsOwnColumnAndIsCountedApartFromFailures() {
        List<String> lines = TableReport.render(DetectionReports.of(Map.of("us-east-1", Reports.fullLogging(),
                "eu-west-1", Reports.fullLogging(), "us-west-2", new LoggingState.Disabled()),
                Map.of("eu-west-1", "DISABLED"))).lines().toList();

        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("REGION\\s+STATUS\\s+LOGGING\\s+DATA TYPES\\s+DESTINATION\\s+ENCRYPTION"
                + "\\s+PROTECTION\\s+DETECTION\\s+DETAIL"), lines.get(0));
        // Worst first: FAILED, then WARNING, then PASSED; where logging is off detection still has a finding.
        assertTrue(lines.get(1).matches("us-west-2\\s+FAILED\\s+FAIL(\\s+-){4}\\s+PASS\\s+Logging is off: .*"),
                lines.get(1));
        assertTrue(lines.get(2).matches("eu-west-1\\s+WARNING(\\s+PASS){5}\\s+WARN\\s+Changes to logging here are"
                + " noticed only by the next scheduled audit: EventBridge rule bedrock-logging-auditor-changes is"
                + " disabled\\."), lines.get(2));
        assertTrue(lines.get(3).matches("us-east-1\\s+PASSED(\\s+PASS){6}\\s+Logging delivers to .*"), lines.get(3));
        assertEquals("3 regions audited in account 111122223333 (aws): 2 logging, 1 not logging, 0 not checked;"
                + " 1 with failed controls, 1 with warnings only.", lines.get(4));
    }

    @Test
    void jsonIsIndentedWithKeysWrittenAsJqAndTheReadmeWriteThem() {
        String text = JsonReport.render(report());

        assertTrue(text.startsWith("{" + System.lineSeparator() + "  \"accountId\": \"111122223333\","), text);
        assertTrue(text.endsWith("}" + System.lineSeparator()), "one document, ending its line");
        assertFalse(text.contains("\" : "), "no space before a colon: " + text);
    }

    @Test
    void jsonIsOneDocumentWithTheDocumentedFields() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(report()));

        assertEquals("111122223333", json.get("accountId").asText());
        assertEquals("aws", json.get("partition").asText());
        assertEquals("us-east-1", json.get("homeRegion").asText());
        assertEquals("2026-11-24T10:00:00Z", json.get("startedAt").asText());
        assertEquals("2026-11-24T10:00:02Z", json.get("finishedAt").asText());
        assertEquals(16, json.get("findings").size(), "five per region, but only the enabled control's where logging is off");
        List<String> offRegion = new java.util.ArrayList<>();
        json.get("findings").forEach(f -> {
            if (f.get("region").asText().equals("us-west-2")) {
                offRegion.add(f.get("controlId").asText() + " " + f.get("status").asText());
            }
        });
        assertEquals(List.of("bedrock-invocation-logging-enabled FAILED"), offRegion);
        JsonNode first = json.get("findings").get(0);
        assertEquals("bedrock-invocation-logging-enabled", first.get("controlId").asText());
        assertEquals("ap-south-1", first.get("region").asText());
        assertEquals("NOT_AVAILABLE", first.get("status").asText());
        assertEquals("MEDIUM", first.get("severity").asText());
        assertEquals("Amazon Bedrock model invocation logging is enabled", first.get("title").asText());
        assertTrue(first.get("detail").asText().contains("AccessDenied"));
        JsonNode summary = json.get("summary");
        assertEquals(4, summary.get("regions").asInt());
        assertEquals(9, summary.get("findingsByStatus").get("PASSED").asInt());
        assertEquals(2, summary.get("findingsByStatus").get("FAILED").asInt());
        assertEquals(5, summary.get("findingsByStatus").get("NOT_AVAILABLE").asInt(), "the unread region's only");
        assertEquals("[\"us-west-2\"]", summary.get("regionsNotLogging").toString());
        assertEquals("[\"ap-south-1\"]", summary.get("regionsNotChecked").toString());
        assertEquals("[\"eu-west-1\",\"us-west-2\"]", summary.get("regionsWithFailures").toString());
        assertEquals("[\"a warning\"]", json.get("warnings").toString());
    }

    @Test
    void jsonPutsTheAccountOnEveryFinding() throws Exception {
        JsonNode findings = new ObjectMapper().readTree(JsonReport.render(report())).get("findings");

        List<String> accounts = new java.util.ArrayList<>();
        findings.forEach(finding -> accounts.add(finding.get("accountId").asText()));
        assertEquals(16, accounts.size());
        assertTrue(accounts.stream().allMatch(Reports.ACCOUNT::equals), accounts.toString());
    }
}
