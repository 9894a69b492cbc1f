package dev.bedrockauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.regions.RegionCatalog;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoServer;
import dev.bedrockauditor.testing.Reports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.bedrock.model.CloudWatchConfig;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;

/** The command against a real moto_server with seeded regions: full, partial and no logging. */
@ExtendWith(MotoServer.class)
class CliMotoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGIONS = "us-east-1,eu-west-1,us-west-2";

    private MotoServer moto;

    @BeforeEach
    void seed(MotoServer moto) {
        this.moto = moto;
        MotoAccount account = new MotoAccount(moto);
        account.healthyBucket("us-east-1", "audit-logs-use1", "bedrock/");
        account.healthyLogGroup("us-east-1", "/aws/bedrock/invocations", 400);
        account.healthyRole("BedrockLogging", "us-east-1", "/aws/bedrock/invocations");
        account.healthyBucket("eu-west-1", "audit-logs-euw1", "");
        account.logging("us-east-1", LoggingConfig.builder()
                .s3Config(S3Config.builder().bucketName("audit-logs-use1").keyPrefix("bedrock/").build())
                .cloudWatchConfig(CloudWatchConfig.builder().logGroupName("/aws/bedrock/invocations")
                        .roleArn("arn:aws:iam::123456789012:role/BedrockLogging").build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true)
                .build());
        account.logging("eu-west-1", LoggingConfig.builder()
                .s3Config(S3Config.builder().bucketName("audit-logs-euw1").build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(false).embeddingDataDeliveryEnabled(true)
                .build());
        // us-west-2 stays unconfigured.
    }

    private static Map<String, JsonNode> byRegionAndControl(JsonNode report) {
        Map<String, JsonNode> findings = new TreeMap<>();
        report.get("findings").forEach(f -> findings.put(f.get("region").asText() + " " + f.get("controlId").asText(), f));
        return findings;
    }

    @Test
    void jsonReportsEachRegionAndExitsOneWhenAControlFailed() throws Exception {
        CommandRun.Result run = CommandRun.run(moto.endpoint(), Map.of(), "--regions", REGIONS, "--output", "json");

        assertEquals(1, run.exitCode(), run.stderr());
        JsonNode report = JSON.readTree(run.stdout());
        assertEquals("123456789012", report.get("accountId").asText());
        assertEquals("aws", report.get("partition").asText());
        assertEquals("us-east-1", report.get("homeRegion").asText());
        assertEquals(11, report.get("findings").size(),
                "five controls in each region where logging is on, only the enabled control where it is off");
        Map<String, JsonNode> findings = byRegionAndControl(report);

        JsonNode full = findings.get("us-east-1 bedrock-invocation-logging-enabled");
        assertEquals("PASSED", full.get("status").asText());
        assertEquals("INFORMATIONAL", full.get("severity").asText());
        assertEquals("Logging delivers to S3 s3://audit-logs-use1/bedrock/; CloudWatch log group"
                + " /aws/bedrock/invocations (role arn:aws:iam::123456789012:role/BedrockLogging).",
                full.get("detail").asText());
        assertEquals("PASSED", findings.get("us-east-1 bedrock-invocation-logging-data-types").get("status").asText());

        assertEquals("PASSED", findings.get("eu-west-1 bedrock-invocation-logging-enabled").get("status").asText());
        JsonNode partial = findings.get("eu-west-1 bedrock-invocation-logging-data-types");
        assertEquals("FAILED", partial.get("status").asText());
        assertEquals("LOW", partial.get("severity").asText());
        assertEquals("Not delivered: IMAGE, VIDEO, AUDIO (required: TEXT, IMAGE, EMBEDDING, VIDEO, AUDIO).",
                partial.get("detail").asText());

        JsonNode none = findings.get("us-west-2 bedrock-invocation-logging-enabled");
        assertEquals("FAILED", none.get("status").asText());
        assertEquals("MEDIUM", none.get("severity").asText());
        assertEquals(List.of("us-west-2 bedrock-invocation-logging-enabled"), findings.keySet().stream()
                .filter(key -> key.startsWith("us-west-2 ")).toList(), "no echo of the enabled control's finding");

        assertEquals("[\"us-west-2\"]", report.get("summary").get("regionsNotLogging").toString());
        assertEquals("[\"eu-west-1\",\"us-west-2\"]", report.get("summary").get("regionsWithFailures").toString());
        assertTrue(run.stderr().contains("Auditing 3 region(s) of account 123456789012"), run.stderr());
    }

    @Test
    void narrowingTheRequiredDataTypesThroughTheEnvironmentPassesThePartialRegion() throws Exception {
        CommandRun.Result run = CommandRun.run(moto.endpoint(),
                Map.of("AUDIT_REGIONS", "us-east-1,eu-west-1", "REQUIRED_DATA_TYPES", "TEXT,EMBEDDING"),
                "--output", "json");

        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        JsonNode report = JSON.readTree(run.stdout());
        report.get("findings").forEach(f -> assertEquals("PASSED", f.get("status").asText(), f.toString()));
        assertEquals("EXPLICIT", report.get("regionSource").asText());
    }

    @Test
    void tableListsWorstRegionFirstWithTheSummary() {
        CommandRun.Result run = CommandRun.run(moto.endpoint(), Map.of(), "--regions", REGIONS);

        assertEquals(1, run.exitCode(), run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(5, lines.size(), run.stdout());
        assertTrue(lines.get(1).startsWith("us-west-2 "), lines.get(1));
        assertTrue(lines.get(2).startsWith("eu-west-1 "), lines.get(2));
        assertTrue(lines.get(3).startsWith("us-east-1 "), lines.get(3));
        assertEquals("3 regions audited in account 123456789012 (aws): 2 logging, 1 not logging, 0 not checked;"
                + " 2 with failed controls.", lines.get(4));
    }

    @Test
    void withoutListRegionsEveryBedrockRegionIsAuditedAndAWarningGoesToStderrOnly() throws Exception {
        // moto does not implement account:ListRegions, so discovery falls back as it would on AccessDenied.
        CommandRun.Result run = CommandRun.run(moto.endpoint(), Map.of(), "--output", "json");

        assertEquals(1, run.exitCode(), run.stderr());
        JsonNode report = JSON.readTree(run.stdout());
        Set<String> expected = RegionCatalog.fromSdkMetadata().bedrockRegionsIn("aws");
        List<String> audited = new ArrayList<>();
        report.get("regions").forEach(region -> audited.add(region.asText()));
        assertEquals(List.copyOf(expected), audited);
        assertEquals(2 * 5 + (expected.size() - 2), report.get("findings").size(),
                "five in each of the two regions that log, one in every other");
        assertEquals("ALL_BEDROCK_REGIONS", report.get("regionSource").asText());
        assertEquals(1, report.get("warnings").size());
        long warningLines = run.stderr().lines().filter(line -> line.startsWith("WARNING: account:ListRegions failed"))
                .count();
        assertEquals(1, warningLines, run.stderr());
        assertTrue(run.stdout().startsWith("{") && run.stdout().strip().endsWith("}"), "stdout is one JSON document");
        assertEquals(run.stdout().indexOf("account:ListRegions failed ("), run.stdout().lastIndexOf("account:ListRegions failed ("),
                "the warning appears on stdout only inside the JSON document");
        long passing = StreamSupport.stream(report.get("findings").spliterator(), false)
                .filter(f -> f.get("status").asText().equals("PASSED")).count();
        assertEquals(9, passing, "us-east-1 every control, eu-west-1 all but the data types");
    }

    @Test
    void aRegionOutsideThePartitionIsAUsageErrorWithExitTwo() {
        CommandRun.Result run = CommandRun.run(moto.endpoint(), Map.of(), "--regions", "us-east-1,cn-north-1");

        assertEquals(2, run.exitCode());
        assertEquals("", run.stdout());
        assertTrue(run.stderr().startsWith("bedrock-logging-auditor: --regions names 'cn-north-1' of partition aws-cn"),
                run.stderr());
    }

    @Test
    void aBadVariableIsAUsageErrorWithExitTwoNamingIt() {
        CommandRun.Result run = CommandRun.run(moto.endpoint(), Map.of("REQUIRED_DATA_TYPES", "TEXT,SMELL"));

        assertEquals(2, run.exitCode());
        assertEquals("bedrock-logging-auditor: REQUIRED_DATA_TYPES has 'SMELL', which is not a data type; accepted:"
                + " TEXT, IMAGE, EMBEDDING, VIDEO, AUDIO", run.stderr().strip());
    }

    @Test
    void aBadRegionIsQuotedAsTyped() {
        CommandRun.Result findingsRegion = CommandRun.run(moto.endpoint(), Map.of("FINDINGS_REGION", "EU-WEST-9"));
        CommandRun.Result otherPartition = CommandRun.run(moto.endpoint(), Map.of(), "--publish", "--findings-region",
                "CN-North-1");
        CommandRun.Result listed = CommandRun.run(moto.endpoint(), Map.of(), "--regions", "EU-WEST-1,XX-Nowhere-1");

        assertEquals(2, findingsRegion.exitCode());
        assertEquals("bedrock-logging-auditor: FINDINGS_REGION names 'EU-WEST-9', which is not an AWS region known to"
                + " this auditor", findingsRegion.stderr().strip());
        assertEquals("bedrock-logging-auditor: --findings-region names 'CN-North-1' of partition aws-cn, outside"
                + " partition aws of the home region us-east-1", otherPartition.stderr().strip());
        assertTrue(listed.stderr().startsWith("bedrock-logging-auditor: --regions names 'XX-Nowhere-1', which is not an"
                + " AWS region known to this auditor;"), listed.stderr());
    }
}
