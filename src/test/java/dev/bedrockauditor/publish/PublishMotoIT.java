package dev.bedrockauditor.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.asff.SdkModelJson;
import dev.bedrockauditor.testing.AwsCli;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.bedrock.model.CloudWatchConfig;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** --publish against moto: findings in Security Hub, their lifecycle across runs, and the SNS alert. */
@ExtendWith(MotoServer.class)
class PublishMotoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "123456789012";
    private static final String ENABLED = "bedrock-invocation-logging-enabled";
    private static final String DATA_TYPES = "bedrock-invocation-logging-data-types";
    private static final String DESTINATION = "bedrock-invocation-logging-destination";
    private static final String ENCRYPTION = "bedrock-invocation-logging-encryption";
    private static final String LOG_PROTECTION = "bedrock-invocation-logging-log-protection";

    private MotoServer moto;
    private MotoAccount account;
    private MotoAccount.Topic topic;

    @BeforeEach
    void seed(MotoServer moto) {
        this.moto = moto;
        this.account = new MotoAccount(moto);
        account.fullLogging("eu-west-1");
        // us-west-2 stays unconfigured.
        topic = account.topicWithQueue("us-east-1", "bedrock-alerts");
    }

    private CommandRun.Result publish(String regions, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--publish", "--regions", regions, "--topic-arn", topic.arn()));
        args.addAll(List.of(more));
        return CommandRun.run(moto.endpoint(), Map.of(), args.toArray(String[]::new));
    }

    private Map<String, AwsSecurityFinding> byControl(String hub) {
        Map<String, AwsSecurityFinding> findings = new TreeMap<>();
        account.findings(hub).forEach(finding -> findings.put(finding.generatorId(), finding));
        return findings;
    }

    private static JsonNode alert(Message message) throws Exception {
        return JSON.readTree(message.body());
    }

    @Test
    void findingsLandInTheirRegionsHubWithTheRightFieldsAndReadBackAsPrinted() throws Exception {
        CommandRun.Result run = publish("eu-west-1,us-west-2", "--output", "asff");

        assertEquals(1, run.exitCode(), run.stderr());
        JsonNode printed = JSON.readTree(run.stdout());
        assertEquals(6, printed.size());
        for (String hub : List.of("eu-west-1", "us-west-2")) {
            List<AwsSecurityFinding> stored = account.findings(hub);
            assertEquals(hub.equals("eu-west-1") ? 5 : 1, stored.size(), hub + ": one finding where logging is off");
            for (AwsSecurityFinding finding : stored) {
                assertEquals("arn:aws:securityhub:" + hub + ":" + ACCOUNT + ":product/" + ACCOUNT + "/default",
                        finding.productArn());
                assertEquals("bedrock-logging-auditor/aws/" + ACCOUNT + "/" + hub + "/" + finding.generatorId(), finding.id());
                assertEquals(hub, finding.resources().get(0).region());
                assertEquals("arn:aws:bedrock:" + hub + ":" + ACCOUNT + ":model-invocation-logging",
                        finding.resources().get(0).id());
                assertEquals(RecordState.ACTIVE, finding.recordState());
                JsonNode asPrinted = null;
                for (JsonNode candidate : printed) {
                    if (candidate.get("Id").asText().equals(finding.id())) {
                        asPrinted = candidate;
                    }
                }
                assertEquals(asPrinted, SdkModelJson.toJson(finding), "read back equal to what was imported");
            }
        }
        Map<String, AwsSecurityFinding> west = byControl("us-west-2");
        assertEquals("FAILED", west.get(ENABLED).compliance().statusAsString());
        assertEquals("MEDIUM", west.get(ENABLED).severity().labelAsString());
        assertEquals(List.of(ENABLED), List.copyOf(west.keySet()), "nothing echoes the enabled control's finding");
        assertEquals("PASSED", byControl("eu-west-1").get(ENABLED).compliance().statusAsString());
        assertEquals("INFORMATIONAL", byControl("eu-west-1").get(ENABLED).severity().labelAsString());
        assertTrue(account.findings("us-east-1").isEmpty(), "nothing in a hub no finding belongs to");
    }

    @Test
    void aSecondRunUpdatesInPlaceKeepsCreatedAtAndStaysQuietUnderChanges() throws Exception {
        assertEquals(1, publish("eu-west-1,us-west-2").exitCode());
        Map<String, AwsSecurityFinding> before = byControl("us-west-2");
        assertEquals(1, account.drain("us-east-1", topic).size(), "the first run announces the failures");
        Thread.sleep(5);

        CommandRun.Result second = publish("eu-west-1,us-west-2", "--output", "json");

        assertEquals(1, second.exitCode(), second.stderr());
        Map<String, AwsSecurityFinding> after = byControl("us-west-2");
        assertEquals(1, after.size());
        assertEquals(5, account.findings("eu-west-1").size());
        assertEquals(before.get(ENABLED).createdAt(), after.get(ENABLED).createdAt());
        assertEquals(before.get(ENABLED).firstObservedAt(), after.get(ENABLED).firstObservedAt());
        assertTrue(Instant.parse(after.get(ENABLED).updatedAt()).isAfter(Instant.parse(before.get(ENABLED).updatedAt())));
        assertEquals(0, account.drain("us-east-1", topic).size(), "no alert when nothing changed");
        JsonNode publication = JSON.readTree(second.stdout()).get("publication");
        assertEquals("NOT_SENT", publication.get("alert").get("status").asText());
        assertEquals("ALERT_ON is CHANGES and nothing changed", publication.get("alert").get("reason").asText());
        assertEquals(6, publication.get("imported").asInt());
        assertFalse(publication.get("failed").asBoolean());
    }

    @Test
    void aFindingStoredWithAnUpdatedAtInTheFutureIsStillUpdatedAfterIt() {
        assertEquals(1, publish("eu-west-1,us-west-2").exitCode());
        // As if an earlier run's clock was an hour ahead: Security Hub ignores an update with an earlier UpdatedAt.
        Instant ahead = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        AwsSecurityFinding stored = byControl("us-west-2").get(ENABLED);
        try (SecurityHubClient hub = moto.client(SecurityHubClient.builder(), "us-west-2")) {
            assertEquals(0, hub.batchImportFindings(request -> request.findings(
                    stored.toBuilder().updatedAt(ahead.toString()).build())).failedCount());
        }
        account.fullLogging("us-west-2");

        CommandRun.Result run = publish("eu-west-1,us-west-2");

        assertEquals(0, run.exitCode(), run.stderr());
        AwsSecurityFinding updated = byControl("us-west-2").get(ENABLED);
        assertTrue(Instant.parse(updated.updatedAt()).isAfter(ahead), updated.updatedAt() + " after " + ahead);
        assertEquals("PASSED", updated.compliance().statusAsString());
        assertEquals(stored.createdAt(), updated.createdAt());
    }

    @Test
    void fixingARegionTurnsItsFindingPassedAndSendsARecoveredAlert() throws Exception {
        publish("eu-west-1,us-west-2");
        account.drain("us-east-1", topic);
        account.fullLogging("us-west-2");

        CommandRun.Result fixed = publish("eu-west-1,us-west-2");

        assertEquals(0, fixed.exitCode(), fixed.stderr());
        assertEquals("PASSED", byControl("us-west-2").get(ENABLED).compliance().statusAsString());
        assertEquals("PASSED", byControl("us-west-2").get(DATA_TYPES).compliance().statusAsString());
        List<Message> messages = account.drain("us-east-1", topic);
        assertEquals(1, messages.size());
        JsonNode alert = alert(messages.get(0));
        assertEquals("Bedrock invocation logging: all 2 regions compliant (" + ACCOUNT + ")", alert.get("Subject").asText());
        String body = alert.get("Message").asText();
        assertTrue(body.contains("  Recovered (now PASSED):\n    us-west-2       PASSED LOGGING: Logging delivers to"
                + " S3 s3://audit-logs-us-west-2/."), body);
        assertEquals("1", alert.get("MessageAttributes").get("recovered").get("Value").asText());
        assertEquals("PASSED", alert.get("MessageAttributes").get("worstStatus").get("Value").asText());
    }

    @Test
    void theAlertReadBackThroughSqsHasASubjectContentAndAttributes() throws Exception {
        publish("eu-west-1,us-west-2");

        List<Message> messages = account.drain("us-east-1", topic);

        assertEquals(1, messages.size(), "at most one message per run");
        JsonNode alert = alert(messages.get(0));
        String subject = alert.get("Subject").asText();
        assertEquals("Bedrock invocation logging: 1 of 2 regions not compliant (" + ACCOUNT + ")", subject);
        assertTrue(subject.length() < 100 && !subject.contains("\n"));
        String body = alert.get("Message").asText();
        assertTrue(body.contains("NOT COMPLIANT NOW (1)\n  us-west-2       FAILED         LOGGING: Logging is off"), body);
        assertTrue(body.contains("aws bedrock put-model-invocation-logging-configuration --region us-west-2"), body);
        assertTrue(body.contains("Findings of us-west-2 are in us-west-2:"
                + " https://console.aws.amazon.com/securityhub/home?region=us-west-2#/findings"), body);
        JsonNode attributes = alert.get("MessageAttributes");
        assertEquals(ACCOUNT, attributes.get("accountId").get("Value").asText());
        assertEquals("FAILED", attributes.get("worstStatus").get("Value").asText());
        assertEquals("String", attributes.get("worstStatus").get("Type").asText());
        assertEquals("1", attributes.get("failingRegions").get("Value").asText());
        assertEquals("Number", attributes.get("failingRegions").get("Type").asText());
    }

    @Test
    void aRegionLeavingTheConfiguredScopeIsArchivedAndComesBackActive() {
        publish("eu-west-1,us-west-2");

        CommandRun.Result narrowed = CommandRun.run(moto.endpoint(), Map.of("AUDIT_REGIONS", "eu-west-1",
                "ALERT_TOPIC_ARN", topic.arn()), "--publish");

        assertEquals(0, narrowed.exitCode(), narrowed.stderr());
        account.findings("us-west-2").forEach(finding -> assertEquals(RecordState.ARCHIVED, finding.recordState()));
        account.findings("eu-west-1").forEach(finding -> assertEquals(RecordState.ACTIVE, finding.recordState()));
        assertEquals(1, account.findings("us-west-2").size(), "archived in place, not deleted or duplicated");

        publish("eu-west-1,us-west-2");
        account.findings("us-west-2").forEach(finding -> assertEquals(RecordState.ACTIVE, finding.recordState()));
    }

    /**
     * Logging of every data type to a healthy bucket (created by the caller) and to a CloudWatch log group and
     * role that do not exist: Bedrock records to the bucket, and the destination control fails.
     */
    private void loggingWithABrokenDestination(String region) {
        account.logging(region, LoggingConfig.builder()
                .s3Config(S3Config.builder().bucketName("audit-logs-" + region).build())
                .cloudWatchConfig(CloudWatchConfig.builder().logGroupName("/aws/bedrock/deleted")
                        .roleArn("arn:aws:iam::" + ACCOUNT + ":role/DeletedBedrockLogging").build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true)
                .build());
    }

    /**
     * Turning logging off leaves one finding to act on, the enabled control's; the others are archived by the
     * next run that audits the region, whether its scope is configured or a --regions spot check of it.
     */
    @ParameterizedTest(name = "spot check: {0}")
    @ValueSource(booleans = {false, true})
    void turningLoggingOffArchivesTheControlsThatNeedItAndAlertsTheEnabledControlOnce(boolean spotCheck)
            throws Exception {
        account.healthyBucket("us-west-2", "audit-logs-us-west-2", "");
        loggingWithABrokenDestination("us-west-2");
        CommandRun.Result first = publish("eu-west-1,us-west-2");
        assertEquals(1, first.exitCode(), first.stderr());
        Map<String, AwsSecurityFinding> before = byControl("us-west-2");
        assertEquals(5, before.size());
        assertEquals("FAILED", before.get(DESTINATION).compliance().statusAsString());
        assertEquals(RecordState.ACTIVE, before.get(DESTINATION).recordState());
        assertEquals("PASSED", before.get(ENABLED).compliance().statusAsString(), "it records to the bucket");
        assertEquals(1, account.drain("us-east-1", topic).size());

        account.loggingOff("us-west-2");
        CommandRun.Result second = spotCheck ? publish("us-west-2", "--output", "json")
                : CommandRun.run(moto.endpoint(), Map.of("AUDIT_REGIONS", "eu-west-1,us-west-2",
                        "ALERT_TOPIC_ARN", topic.arn()), "--publish", "--output", "json");

        assertEquals(1, second.exitCode(), "the region still fails, through the enabled control: " + second.stderr());
        Map<String, AwsSecurityFinding> after = byControl("us-west-2");
        assertEquals(5, after.size(), "archived in place, not deleted or duplicated");
        for (String control : List.of(DATA_TYPES, DESTINATION, ENCRYPTION, LOG_PROTECTION)) {
            assertEquals(RecordState.ARCHIVED, after.get(control).recordState(), control);
        }
        assertEquals(RecordState.ACTIVE, after.get(ENABLED).recordState());
        assertEquals("FAILED", after.get(ENABLED).compliance().statusAsString());
        account.findings("eu-west-1").forEach(finding -> assertEquals(RecordState.ACTIVE, finding.recordState()));
        JsonNode report = JSON.readTree(second.stdout());
        assertEquals(4, report.get("publication").get("archived").asInt());
        assertEquals("[{\"region\":\"us-west-2\",\"controlId\":\"" + ENABLED + "\",\"status\":\"FAILED\"}]",
                report.get("publication").get("changes").get("newlyFailing").toString());
        assertEquals("[]", report.get("publication").get("changes").get("recovered").toString());
        List<Message> alerts = account.drain("us-east-1", topic);
        assertEquals(1, alerts.size());
        String body = alert(alerts.get(0)).get("Message").asText();
        assertTrue(body.contains("WHAT CHANGED SINCE THE LAST ALERT\n  Newly failing:\n    us-west-2       FAILED"
                + " LOGGING: Logging is off: no S3 or CloudWatch Logs destination is configured, so no prompt or"
                + " response is recorded.\n\nNOT COMPLIANT NOW"), body);
        assertEquals("0", alert(alerts.get(0)).get("MessageAttributes").get("recovered").get("Value").asText());

        CommandRun.Result third = publish("us-west-2", "--output", "json");

        assertEquals(1, third.exitCode(), third.stderr());
        assertEquals(0, JSON.readTree(third.stdout()).get("publication").get("archived").asInt());
        assertEquals(0, account.drain("us-east-1", topic).size(), "the change was alerted exactly once");

        // Logging back on, still with the broken log group: the archived findings return, as new ones.
        loggingWithABrokenDestination("us-west-2");
        CommandRun.Result back = publish("us-west-2", "--output", "json");

        assertEquals(1, back.exitCode(), back.stderr());
        Map<String, AwsSecurityFinding> returned = byControl("us-west-2");
        returned.values().forEach(finding -> assertEquals(RecordState.ACTIVE, finding.recordState(),
                finding.generatorId()));
        assertEquals("FAILED", returned.get(DESTINATION).compliance().statusAsString());
        JsonNode changes = JSON.readTree(back.stdout()).get("publication").get("changes");
        assertEquals("[{\"region\":\"us-west-2\",\"controlId\":\"" + DESTINATION + "\",\"status\":\"FAILED\"}]",
                changes.get("newlyFailing").toString());
        assertEquals("[{\"region\":\"us-west-2\",\"controlId\":\"" + ENABLED + "\",\"status\":\"PASSED\"}]",
                changes.get("recovered").toString());
        assertEquals(1, account.drain("us-east-1", topic).size());
    }

    @Test
    void aSpotCheckWithTheRegionsFlagArchivesNoOtherRegionUnlessAsked() throws Exception {
        publish("eu-west-1,us-west-2");

        CommandRun.Result spot = publish("eu-west-1", "--output", "json");

        assertEquals(0, spot.exitCode(), spot.stderr());
        assertEquals(0, JSON.readTree(spot.stdout()).get("publication").get("archived").asInt());
        account.findings("us-west-2").forEach(finding -> assertEquals(RecordState.ACTIVE, finding.recordState()));

        CommandRun.Result asked = publish("eu-west-1", "--archive-other-regions", "--output", "json");

        assertEquals(0, asked.exitCode(), asked.stderr());
        assertEquals(1, JSON.readTree(asked.stdout()).get("publication").get("archived").asInt());
        account.findings("us-west-2").forEach(finding -> assertEquals(RecordState.ARCHIVED, finding.recordState()));
    }

    @Test
    void switchingTheFindingsRegionArchivesTheCopiesLeftInTheRegionsOwnHubsAndBack() {
        CommandRun.Result own = CommandRun.run(moto.endpoint(), Map.of("AUDIT_REGIONS", "eu-west-1,us-west-2"),
                "--publish");
        assertEquals(1, own.exitCode(), own.stderr());
        String createdAt = byControl("us-west-2").get(ENABLED).createdAt();

        CommandRun.Result central = CommandRun.run(moto.endpoint(), Map.of("AUDIT_REGIONS", "eu-west-1,us-west-2",
                "FINDINGS_REGION", "ap-south-1"), "--publish");

        assertEquals(1, central.exitCode(), central.stderr());
        assertEquals(6, account.findings("ap-south-1").stream()
                .filter(finding -> finding.recordState() == RecordState.ACTIVE).count());
        for (String hub : List.of("eu-west-1", "us-west-2")) {
            account.findings(hub).forEach(finding -> assertEquals(RecordState.ARCHIVED, finding.recordState(), hub));
        }
        AwsSecurityFinding moved = account.findings("ap-south-1").stream()
                .filter(finding -> finding.resources().get(0).region().equals("us-west-2")
                        && finding.generatorId().equals(ENABLED))
                .findFirst().orElseThrow();
        assertEquals(createdAt, moved.createdAt(), "CreatedAt follows the finding to its new hub");

        CommandRun.Result back = CommandRun.run(moto.endpoint(), Map.of("AUDIT_REGIONS", "eu-west-1,us-west-2"),
                "--publish");

        assertEquals(1, back.exitCode(), back.stderr());
        account.findings("ap-south-1").forEach(finding -> assertEquals(RecordState.ARCHIVED, finding.recordState()));
        account.findings("us-west-2").forEach(finding -> assertEquals(RecordState.ACTIVE, finding.recordState()));
        assertEquals(createdAt, byControl("us-west-2").get(ENABLED).createdAt());
    }

    @Test
    void aRunThatCannotReadBedrockUpdatesRegionsToNotAvailableAndArchivesNothing() {
        publish("eu-west-1,us-west-2");

        // Bedrock unreachable: every region is unknown; Security Hub still works.
        CommandRun.Result broken = CommandRun.run(moto.endpoint(), "us-east-1",
                Map.of("aws.endpointUrlBedrock", "http://127.0.0.1:9"), Map.of(),
                "--publish", "--regions", "eu-west-1", "--topic-arn", topic.arn(), "--attempt-timeout", "0.5",
                "--call-timeout", "2");

        assertEquals(2, broken.exitCode(), broken.stderr());
        assertEquals("NOT_AVAILABLE", byControl("eu-west-1").get(ENABLED).compliance().statusAsString());
        account.findings("us-west-2").forEach(finding -> assertEquals(RecordState.ACTIVE, finding.recordState(),
                "a run that could not read a region archives nothing"));
    }

    @Test
    void aFindingsRegionTakesEveryFinding() {
        CommandRun.Result run = publish("eu-west-1,us-west-2", "--findings-region", "us-east-1");

        assertEquals(1, run.exitCode(), run.stderr());
        assertEquals(6, account.findings("us-east-1").size());
        assertTrue(account.findings("eu-west-1").isEmpty());
        assertTrue(account.findings("us-west-2").isEmpty());
    }

    @Test
    void withoutPublishNothingIsWrittenAndAsffIsStillPrinted() throws Exception {
        CommandRun.Result run = CommandRun.run(moto.endpoint(), Map.of("ALERT_TOPIC_ARN", topic.arn()),
                "--regions", "eu-west-1,us-west-2", "--output", "asff");

        assertEquals(1, run.exitCode(), run.stderr());
        JsonNode printed = JSON.readTree(run.stdout());
        assertEquals(6, printed.size());
        assertEquals("2018-10-08", printed.get(0).get("SchemaVersion").asText());
        assertTrue(account.findings("eu-west-1").isEmpty());
        assertTrue(account.findings("us-west-2").isEmpty());
        assertEquals(0, account.drain("us-east-1", topic).size());
    }

    /** A laptop's --publish without a topic, before the deployed function's run with one: the change is alerted. */
    @Test
    void aPublishWithoutATopicLeavesTheChangeToTheNextRunThatHasOne() throws Exception {
        CommandRun.Result spotCheck = CommandRun.run(moto.endpoint(), Map.of(), "--publish", "--regions",
                "eu-west-1,us-west-2");
        assertEquals(1, spotCheck.exitCode(), spotCheck.stderr());
        assertTrue(spotCheck.stderr().contains("Alert: NOT_SENT: no alert topic is configured (ALERT_TOPIC_ARN or"
                + " --topic-arn); its changes wait for a run that has one."), spotCheck.stderr());
        assertEquals(1, account.findings("us-west-2").size(), "the findings were imported");

        CommandRun.Result scheduled = publish("eu-west-1,us-west-2");

        assertEquals(1, scheduled.exitCode(), scheduled.stderr());
        List<Message> alerts = account.drain("us-east-1", topic);
        assertEquals(1, alerts.size());
        assertTrue(alert(alerts.get(0)).get("Message").asText().contains("Newly failing:\n    us-west-2"),
                alerts.get(0).body());
        publish("eu-west-1,us-west-2");
        assertEquals(0, account.drain("us-east-1", topic).size(), "alerted once");
    }

    /** README's code block that follows the given text, line by line. */
    private static List<String> readmeBlockAfter(String text) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf(text);
        assertTrue(at >= 0, "README no longer says: " + text);
        int start = readme.indexOf("```sh\n", at) + "```sh\n".length();
        return readme.substring(start, readme.indexOf("```", start)).lines().toList();
    }

    /**
     * README's way to import --output asff by hand (region by region, in batches), run as written with the AWS CLI:
     * every finding lands in its region's hub, and since no alert covered them, the first publishing run still
     * announces the failure they hold.
     */
    @Test
    void asffImportedByHandAsReadmeShowsLandsInEachHubAndLeavesTheFailureToTheFirstAlert(@TempDir Path dir)
            throws Exception {
        AwsCli.assumeOnPath();
        List<String> recipe = readmeBlockAfter("**ASFF** (`--output asff`)");
        assertEquals("src/bin/bedrock-logging-auditor --output asff > findings.json", recipe.get(0));
        CommandRun.Result printed = CommandRun.run(moto.endpoint(), Map.of(), "--regions", "eu-west-1,us-west-2",
                "--output", "asff");
        assertEquals(1, printed.exitCode(), printed.stderr());
        Files.writeString(dir.resolve("findings.json"), printed.stdout());

        AwsCli.Result imported = AwsCli.run(moto.endpoint(), "cd '" + dir + "'\n"
                + String.join("\n", recipe.subList(1, recipe.size())), Duration.ofMinutes(1));

        assertEquals(0, imported.exitCode(), imported.stderr());
        assertEquals(5, account.findings("eu-west-1").size());
        assertEquals(1, account.findings("us-west-2").size());
        assertEquals("NONE", byControl("us-west-2").get(ENABLED).productFields().get("AlertBaseline"));

        CommandRun.Result published = publish("eu-west-1,us-west-2");

        assertEquals(1, published.exitCode(), published.stderr());
        List<Message> alerts = account.drain("us-east-1", topic);
        assertEquals(1, alerts.size(), "the failure imported by hand is still alerted, once");
        assertTrue(alert(alerts.get(0)).get("Message").asText().contains("Newly failing:\n    us-west-2"),
                alerts.get(0).body());
        assertEquals(6, account.findings("eu-west-1").size() + account.findings("us-west-2").size(),
                "updated, not duplicated");
    }

    /**
     * README's filter policy for paging, on a real subscription: an alert with a new failure passes it, one that
     * only reports a recovery, while another region still fails, does not (the unfiltered subscription gets both).
     */
    @Test
    void readmesPagingFilterPolicyLetsNewFailuresThroughAndNotRecoveries() throws Exception {
        String subscribe = String.join("\n", readmeBlockAfter("page the on-call address only when something newly"
                + " fails"));
        String attributes = subscribe.substring(subscribe.indexOf("--attributes '") + "--attributes '".length(),
                subscribe.lastIndexOf('\''));
        String filterPolicy = JSON.readTree(attributes).get("FilterPolicy").asText();
        String paged;
        try (SnsClient sns = account.client(SnsClient.builder(), "us-east-1");
                SqsClient sqs = account.client(SqsClient.builder(), "us-east-1")) {
            paged = sqs.createQueue(request -> request.queueName("oncall")).queueUrl();
            String queueArn = sqs.getQueueAttributes(request -> request.queueUrl(paged)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(request -> request.topicArn(topic.arn()).protocol("sqs").endpoint(queueArn)
                    .attributes(Map.of("FilterPolicy", filterPolicy)));
        }
        MotoAccount.Topic oncall = new MotoAccount.Topic(topic.arn(), paged);

        // ap-south-1 stays off throughout: a recovery elsewhere must not page while it still fails.
        String regions = "eu-west-1,us-west-2,ap-south-1";
        publish(regions);
        assertEquals(1, account.drain("us-east-1", topic).size());
        assertEquals(1, account.drain("us-east-1", oncall).size(), "us-west-2 and ap-south-1 newly failing page");

        account.fullLogging("us-west-2");
        publish(regions);
        assertEquals(1, account.drain("us-east-1", topic).size(), "the recovery is alerted");
        assertEquals(0, account.drain("us-east-1", oncall).size(), "but pages nobody");
    }

    @Test
    void aTopicInAnotherPartitionIsAConfigurationError() {
        CommandRun.Result run = CommandRun.run(moto.endpoint(), Map.of(), "--publish", "--regions", "eu-west-1",
                "--topic-arn", "arn:aws-cn:sns:cn-north-1:123456789012:alerts");

        assertEquals(2, run.exitCode());
        assertEquals("bedrock-logging-auditor: the alert topic arn:aws-cn:sns:cn-north-1:123456789012:alerts is in"
                + " partition aws-cn, but the home region us-east-1 is in aws", run.stderr().strip());
    }

    @Test
    void aChangeWhoseAlertFailedIsAlertedByTheNextCleanRunExactlyOnce() throws Exception {
        String missing = "arn:aws:sns:us-east-1:" + ACCOUNT + ":mistyped-alerts";

        CommandRun.Result failed = CommandRun.run(moto.endpoint(), Map.of(), "--publish", "--regions",
                "eu-west-1,us-west-2", "--topic-arn", missing, "--output", "json");

        assertEquals(3, failed.exitCode(), failed.stderr());
        JsonNode alert = JSON.readTree(failed.stdout()).get("publication").get("alert");
        assertEquals("FAILED", alert.get("status").asText());
        assertTrue(alert.get("reason").asText().startsWith("the alert topic " + missing + " cannot be used: NotFound"),
                alert.toString());
        assertEquals(1, account.findings("us-west-2").size(), "the findings were delivered all the same");

        MotoAccount.Topic fixed = account.topicWithQueue("us-east-1", "mistyped-alerts");
        CommandRun.Result clean = CommandRun.run(moto.endpoint(), Map.of(), "--publish", "--regions",
                "eu-west-1,us-west-2", "--topic-arn", missing);

        assertEquals(1, clean.exitCode(), clean.stderr());
        List<Message> delivered = account.drain("us-east-1", fixed);
        assertEquals(1, delivered.size());
        String body = alert(delivered.get(0)).get("Message").asText();
        assertTrue(body.contains("  Newly failing:\n    us-west-2       FAILED LOGGING: Logging is off"), body);

        CommandRun.Result quiet = CommandRun.run(moto.endpoint(), Map.of(), "--publish", "--regions",
                "eu-west-1,us-west-2", "--topic-arn", missing);
        assertEquals(1, quiet.exitCode(), quiet.stderr());
        assertEquals(0, account.drain("us-east-1", fixed).size(), "delivered exactly once");
    }

    @Test
    void aTopicThatDoesNotExistFailsTheFirstRunEvenWhenEverythingPasses() throws Exception {
        String missing = "arn:aws:sns:us-east-1:" + ACCOUNT + ":no-such-topic";

        CommandRun.Result run = CommandRun.run(moto.endpoint(), Map.of("ALERT_TOPIC_ARN", missing), "--publish",
                "--regions", "eu-west-1", "--output", "json");

        assertEquals(3, run.exitCode(), run.stderr());
        JsonNode publication = JSON.readTree(run.stdout()).get("publication");
        assertEquals("FAILED", publication.get("alert").get("status").asText());
        assertTrue(publication.get("alert").get("reason").asText().contains(missing), publication.toString());
        assertEquals(5, publication.get("imported").asInt());
        assertTrue(run.stderr().contains("WARNING: the alert topic " + missing + " cannot be used: NotFound"),
                run.stderr());
    }
}
