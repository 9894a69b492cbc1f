package dev.bedrockauditor.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.testing.AwsCli;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoChangeDetection;
import dev.bedrockauditor.testing.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;

/**
 * The change-detection control against trails and rules in moto, through the command as a user runs it with
 * {@code --change-detection-rule}: what a region lacks is named, and the commands printed for it (run with the
 * real AWS CLI) put it right.
 */
@ExtendWith(MotoServer.class)
class ChangeDetectionMotoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = MotoChangeDetection.RULE;
    private static final String HOME = "us-east-1";
    private static final String OTHER = "eu-west-1";
    private static final String TRAIL_BUCKET = "main-cloudtrail-logs";

    private MotoServer moto;
    private MotoAccount account;
    private MotoChangeDetection detection;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        this.account = new MotoAccount(moto);
        this.detection = new MotoChangeDetection(moto);
    }

    private void multiRegionTrail(String name, boolean logging) {
        detection.multiRegionTrail(HOME, name, logging);
    }

    private void rule(String region, boolean enabled) {
        detection.rule(region, enabled);
    }

    /** The command's JSON report, and its exit status. */
    private record Audit(int exitCode, JsonNode report, String stderr) {
        /** The change-detection finding of a region. */
        JsonNode detection(String region) {
            for (JsonNode finding : report.get("findings")) {
                if (finding.get("region").asText().equals(region)
                        && finding.get("controlId").asText().equals(ChangeDetectionCheck.ID)) {
                    return finding;
                }
            }
            throw new AssertionError("no change-detection finding of " + region + ": " + report);
        }

        List<String> controls(String region) {
            List<String> ids = new ArrayList<>();
            report.get("findings").forEach(finding -> {
                if (finding.get("region").asText().equals(region)) {
                    ids.add(finding.get("controlId").asText());
                }
            });
            return ids;
        }

        /** The commands of a finding's fixes, in order, as the alert and --output json print them. */
        List<String> commands(String region) {
            List<String> commands = new ArrayList<>();
            detection(region).get("fixes").forEach(fix -> fix.get("commands").forEach(c -> commands.add(c.asText())));
            return commands;
        }
    }

    private Audit audit(Map<String, String> environment, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--regions", HOME + "," + OTHER, "--output", "json"));
        args.addAll(List.of(extra));
        CommandRun.Result run = CommandRun.run(moto.endpoint(), environment, args.toArray(String[]::new));
        return new Audit(run.exitCode(), JSON.readTree(run.stdout()), run.stderr());
    }

    private Audit audit() throws Exception {
        return audit(Map.of(), "--change-detection-rule", RULE);
    }

    private static void assertFinding(JsonNode finding, String status, String severity, String... detailParts) {
        assertEquals(status, finding.get("status").asText(), finding.toString());
        assertEquals(severity, finding.get("severity").asText(), finding.toString());
        for (String part : detailParts) {
            assertTrue(finding.get("detail").asText().contains(part), "'" + part + "' in " + finding);
        }
    }

    @Test
    void aMultiRegionTrailAndTheRuleInEveryRegionPassWhetherOrNotLoggingIsOn() throws Exception {
        account.fullLogging(HOME);
        multiRegionTrail("organization-audit", true);
        rule(HOME, true);
        rule(OTHER, true);

        Audit audit = audit();

        assertEquals(1, audit.exitCode(), "eu-west-1 does not log: " + audit.stderr());
        for (String region : List.of(HOME, OTHER)) {
            assertFinding(audit.detection(region), "PASSED", "INFORMATIONAL", "reach the auditor within minutes",
                    "multi-Region trail organization-audit logs management write events in " + region,
                    "EventBridge rule " + RULE + " is ENABLED on the default event bus");
        }
        assertEquals(List.of(LoggingEnabledCheck.ID, DataTypesCheck.ID, DestinationCheck.ID, EncryptionCheck.ID,
                LogProtectionCheck.ID, ChangeDetectionCheck.ID), audit.controls(HOME));
        // eu-west-1 does not log: its enabled control fails alone, and detection still has its say.
        assertEquals(List.of(LoggingEnabledCheck.ID, ChangeDetectionCheck.ID), audit.controls(OTHER));
        JsonNode resources = audit.detection(OTHER).get("resources");
        assertEquals("CLOUDTRAIL_TRAIL", resources.get(0).get("kind").asText());
        assertEquals("arn:aws:cloudtrail:us-east-1:" + MotoAccount.ACCOUNT + ":trail/organization-audit",
                resources.get(0).get("arn").asText());
        assertEquals("EVENTBRIDGE_RULE", resources.get(1).get("kind").asText());
        assertEquals("arn:aws:events:eu-west-1:" + MotoAccount.ACCOUNT + ":rule/" + RULE,
                resources.get(1).get("arn").asText());
    }

    @Test
    void whatARegionLacksIsNamedAndThePrintedCommandsRestoreIt() throws Exception {
        AwsCli.assumeOnPath();
        account.fullLogging(HOME);
        account.fullLogging(OTHER);
        multiRegionTrail("main", false);
        rule(HOME, false);

        Audit before = audit();

        assertEquals(1, before.exitCode(), "warnings ask for action: " + before.report() + before.stderr());
        assertFinding(before.detection(HOME), "WARNING", "LOW", "noticed only by the next scheduled audit",
                "multi-Region trail main is not logging in " + HOME, "EventBridge rule " + RULE + " is disabled");
        assertEquals(List.of("aws cloudtrail start-logging --region us-east-1 --name main",
                "aws events enable-rule --region us-east-1 --name " + RULE), before.commands(HOME));
        assertFinding(before.detection(OTHER), "WARNING", "LOW", "multi-Region trail main is not logging in " + OTHER,
                "EventBridge rule " + RULE + " does not exist on the default event bus of " + OTHER);
        assertTrue(before.detection(OTHER).get("fixes").toString().contains("Deploy the change forwarder to "
                + OTHER), before.detection(OTHER).toString());
        assertEquals("PASSED", before.report().get("findings").get(0).get("status").asText(),
                "logging itself is fine: only detection warns");

        AwsCli.Result fixed = AwsCli.run(moto.endpoint(), String.join("\n", before.commands(HOME)),
                Duration.ofSeconds(60));
        assertEquals(0, fixed.exitCode(), fixed.stderr());
        Audit after = audit();

        assertFinding(after.detection(HOME), "PASSED", "INFORMATIONAL", "trail main logs management write events");
        assertFinding(after.detection(OTHER), "WARNING", "LOW", "does not exist on the default event bus of " + OTHER);
        assertTrue(!after.detection(OTHER).get("detail").asText().contains("not logging"),
                "starting the multi-Region trail covers every region");

        rule(OTHER, true); // what deploying the forwarder there does
        Audit complete = audit();
        assertEquals(0, complete.exitCode(), complete.report().toString());
        assertFinding(complete.detection(OTHER), "PASSED", "INFORMATIONAL", "within minutes");
    }

    @Test
    void aRegionWithoutATrailWarnsWithAdviceSinceATrailNeedsABucketPolicy() throws Exception {
        rule(HOME, true);

        Audit audit = audit();

        assertFinding(audit.detection(HOME), "WARNING", "LOW", "no CloudTrail trail applies to " + HOME);
        assertEquals(List.of(), audit.commands(HOME));
        assertTrue(audit.detection(HOME).get("fixes").get(0).get("summary").asText()
                .contains("aws cloudtrail create-trail"), audit.detection(HOME).toString());
    }

    @Test
    void theTrailsEventSelectorsDecideWhetherChangesReachEventBridge() throws Exception {
        multiRegionTrail("main", true);
        rule(HOME, true);
        rule(OTHER, true);
        Map<String, String> expected = new LinkedHashMap<>();
        try (CloudTrailClient cloudTrail = moto.client(CloudTrailClient.builder(), HOME)) {
            cloudTrail.putEventSelectors(request -> request.trailName("main").eventSelectors(selector -> selector
                    .readWriteType(ReadWriteType.READ_ONLY).includeManagementEvents(true)));
            expected.put("WARNING", "multi-Region trail main logs only read-only management events");
            assertFinding(audit().detection(OTHER), "WARNING", "LOW", expected.get("WARNING"));

            cloudTrail.putEventSelectors(request -> request.trailName("main").eventSelectors(selector -> selector
                    .readWriteType(ReadWriteType.ALL).includeManagementEvents(false)
                    .dataResources(data -> data.type("AWS::S3::Object").values("arn:aws:s3:::" + TRAIL_BUCKET + "/"))));
            assertFinding(audit().detection(OTHER), "WARNING", "LOW",
                    "multi-Region trail main logs data events only, no management events");

            cloudTrail.putEventSelectors(request -> request.trailName("main").advancedEventSelectors(selector -> selector
                    .name("Management writes").fieldSelectors(
                            field -> field.field("eventCategory").equalsValue("Management"),
                            field -> field.field("readOnly").equalsValue("false"))));
            assertFinding(audit().detection(OTHER), "PASSED", "INFORMATIONAL",
                    "multi-Region trail main logs management write events in " + OTHER);
        }
    }

    @Test
    void theLambdasVariableTurnsTheControlOnAndWithoutItTheAuditKeepsFiveControls() throws Exception {
        multiRegionTrail("main", true);
        rule(HOME, true);
        rule(OTHER, true);

        Audit fromVariable = audit(Map.of("CHANGE_DETECTION_RULE", RULE));
        assertFinding(fromVariable.detection(OTHER), "PASSED", "INFORMATIONAL", "within minutes");

        Audit plain = audit(Map.of());
        assertEquals(List.of(LoggingEnabledCheck.ID), plain.controls(OTHER), "logging off: the enabled control only");
        plain.report().get("findings").forEach(finding ->
                assertTrue(!finding.get("controlId").asText().equals(ChangeDetectionCheck.ID), finding.toString()));

        CommandRun.Result typo = CommandRun.run(moto.endpoint(), Map.of(), "--regions", HOME,
                "--change-detection-rule", "bedrock logging");
        assertEquals(2, typo.exitCode());
        assertEquals("", typo.stdout());
        assertTrue(typo.stderr().contains("--change-detection-rule is 'bedrock logging', which is not an EventBridge"
                + " rule name"), typo.stderr());
    }

    @Test
    void aWarningLandsInSecurityHubAsOneAndRemovingTheSettingArchivesIt() throws Exception {
        multiRegionTrail("main", true);
        rule(OTHER, false);
        MotoAccount.Topic topic = account.topicWithQueue(HOME, "bedrock-alerts");
        List<String> publish = List.of("--publish", "--regions", OTHER, "--topic-arn", topic.arn());

        CommandRun.Result first = CommandRun.run(moto.endpoint(), Map.of("CHANGE_DETECTION_RULE", RULE),
                publish.toArray(String[]::new));

        assertEquals(1, first.exitCode(), first.stderr());
        software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding stored = account.findings(OTHER).stream()
                .filter(finding -> finding.generatorId().equals(ChangeDetectionCheck.ID)).findFirst().orElseThrow();
        assertEquals("WARNING", stored.compliance().statusAsString());
        assertEquals("LOW", stored.severity().labelAsString());
        assertTrue(stored.remediation().recommendation().text().contains("aws events enable-rule --region " + OTHER
                + " --name " + RULE), stored.remediation().recommendation().text());
        String alert = JSON.readTree(account.drain(HOME, topic).get(0).body()).get("Message").asText();
        assertTrue(alert.contains("  New warnings:\n    eu-west-1       WARNING DETECTION:"), alert);

        CommandRun.Result without = CommandRun.run(moto.endpoint(), Map.of(), publish.toArray(String[]::new));

        assertEquals(1, without.exitCode(), without.stderr());
        software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding archived = account.findings(OTHER).stream()
                .filter(finding -> finding.generatorId().equals(ChangeDetectionCheck.ID)).findFirst().orElseThrow();
        assertEquals(software.amazon.awssdk.services.securityhub.model.RecordState.ARCHIVED, archived.recordState(),
                "a control no longer run leaves no stale finding");
        assertEquals(stored.createdAt(), archived.createdAt());
    }
}
