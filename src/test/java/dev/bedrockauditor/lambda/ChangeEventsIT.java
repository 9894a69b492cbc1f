package dev.bedrockauditor.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoChangeDetection;
import dev.bedrockauditor.testing.MotoServer;
import dev.bedrockauditor.testing.Template;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.bedrock.model.CloudWatchConfig;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The samples in events/changes through the handler, with the environment the template sets, against
 * moto_server: a management call re-audits only the regions it concerns, the alert names who made it, a
 * burst is one audit, and calls that changed nothing audit nothing.
 */
@ExtendWith(MotoServer.class)
class ChangeEventsIT {

    private static final Template TEMPLATE = Template.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGIONS = "eu-west-1,us-east-1,us-west-2";
    private static final String BUCKET = "audit-logs-eu-west-1";
    private static final String GROUP = "/aws/bedrock/model-invocations";
    private static final String ROLE = "BedrockInvocationLogging";

    private MotoServer moto;
    private MotoAccount account;
    private MotoAccount.Topic topic;

    /** eu-west-1 logs to a healthy bucket, us-east-1 to a healthy log group (and large-data bucket), us-west-2 not. */
    /** The handler's log one line per message on stderr, as LocalInvoke prints it, not run together on stdout. */
    @BeforeAll
    static void logLines() {
        StderrLambdaLogger.install(System.err);
    }

    @BeforeEach
    void seed(MotoServer moto) {
        this.moto = moto;
        account = new MotoAccount(moto);
        account.fullLogging("eu-west-1");
        account.healthyLogGroup("us-east-1", GROUP, null);
        account.healthyBucket("us-east-1", "large-payloads", "");
        String role = account.healthyRole(ROLE, "us-east-1", GROUP);
        account.logging("us-east-1", LoggingConfig.builder().cloudWatchConfig(CloudWatchConfig.builder()
                        .logGroupName(GROUP).roleArn(role)
                        .largeDataDeliveryS3Config(S3Config.builder().bucketName("large-payloads").build()).build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true).build());
        // Detection works in every audited region (a trail, and the rule of the stack or a forwarder).
        new MotoChangeDetection(moto).inPlace("us-east-1", "eu-west-1", "us-east-1", "us-west-2");
        topic = account.topicWithQueue("us-east-1", "auditor-alerts");
        // The scheduled run that came before: every finding exists, the first alert is out of the way.
        assertEquals("COMPLETED", invoke(read("events/scheduled-event.json")).summary().get("outcome"));
        alerts();
    }

    private record Invocation(Map<String, Object> summary, List<String> awsCalls) {
        long calls(String operation) {
            return awsCalls.stream().filter(operation::equals).count();
        }
    }

    @SuppressWarnings("unchecked")
    private Invocation invoke(byte[] payload) {
        Map<String, String> environment = new HashMap<>(TEMPLATE.environment("AuditorFunction",
                Map.of("AuditRegions", REGIONS), Map.of("AlertTopic", topic == null ? "" : topic.arn())));
        environment.put("AWS_REGION", "us-east-1");
        List<String> calls = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                calls.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        return CommandRun.withSdkProperties(moto.endpoint(), "us-east-1", Map.of(), () -> {
            AuditHandler handler = new AuditHandler(environment, List.of(recorder));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(payload), response, new LocalContext());
                return new Invocation(JSON.readValue(response.toByteArray(), Map.class), List.copyOf(calls));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample from events/changes, about the seeded resources: the region and the request parameters given. */
    private static ObjectNode sample(String name, String region, Consumer<ObjectNode> parameters) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(read("events/changes/" + name + ".json"));
            event.put("region", region);
            ObjectNode detail = (ObjectNode) event.get("detail");
            detail.put("awsRegion", region);
            if (detail.get("requestParameters").isObject()) {
                parameters.accept((ObjectNode) detail.get("requestParameters"));
            }
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode event) {
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The records the stack's queue hands the function, one message per event. */
    private static byte[] queueBatch(List<JsonNode> events) {
        ObjectNode batch = JSON.createObjectNode();
        ArrayNode records = batch.putArray("Records");
        for (int i = 0; i < events.size(); i++) {
            records.addObject().put("messageId", "m-" + i).put("body", events.get(i).toString())
                    .put("eventSource", "aws:sqs").put("awsRegion", "us-east-1")
                    .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:ChangeQueue");
        }
        return bytes(batch);
    }

    private List<String> alerts() {
        return account.drain("us-east-1", topic).stream().map(Message::body).toList();
    }

    private void deleteBucketPolicy() {
        try (S3Client s3 = account.s3("eu-west-1")) {
            s3.deleteBucketPolicy(request -> request.bucket(BUCKET));
        }
    }

    private ObjectNode deleteBucketPolicyEvent() {
        return sample("s3-DeleteBucketPolicy", "eu-west-1", parameters -> parameters.put("bucketName", BUCKET));
    }

    private Map<String, String> updatedAt(String region) {
        Map<String, String> stamps = new HashMap<>();
        account.findings(region).forEach(finding -> stamps.put(finding.id(), finding.updatedAt()));
        return stamps;
    }

    @Test
    void aBrokenBucketIsReauditedInItsRegionOnlyAndTheAlertNamesWhoBrokeIt() throws IOException {
        Map<String, String> usEast1Before = updatedAt("us-east-1");
        deleteBucketPolicy();

        Invocation run = invoke(bytes(deleteBucketPolicyEvent()));

        assertEquals("COMPLETED", run.summary().get("outcome"), run.summary().toString());
        assertEquals("CHANGE", run.summary().get("trigger"));
        assertEquals(1, run.summary().get("regionsAudited"), "only the bucket's region");
        assertEquals(Map.of("eu-west-1", List.of("bedrock-invocation-logging-enabled FAILED",
                "bedrock-invocation-logging-destination FAILED")), run.summary().get("regionsNotCompliant"));
        assertEquals(usEast1Before, updatedAt("us-east-1"), "another region's findings are left as they were");
        List<String> alerts = alerts();
        assertEquals(1, alerts.size());
        String body = JSON.readTree(alerts.get(0)).get("Message").asText();
        assertTrue(body.contains("WHAT TRIGGERED THIS AUDIT"), body);
        assertTrue(body.contains("s3:DeleteBucketPolicy on " + BUCKET + " in eu-west-1 by"
                + " arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice (AssumedRole, session issuer"
                + " arn:aws:iam::123456789012:role/PlatformAdmin) at 2026-11-26T09:12:41Z from 203.0.113.24"
                + " (aws-cli/2.22.4"), body);
        assertTrue(body.contains("event " + deleteBucketPolicyEvent().path("detail").path("eventID").asText()), body);
        assertTrue(body.contains("Newly failing:"), body);

        // The same call reported again (EventBridge delivers at least once): the region is audited, nothing changed.
        Invocation again = invoke(bytes(deleteBucketPolicyEvent()));
        assertEquals("COMPLETED", again.summary().get("outcome"));
        assertEquals(List.of(), alerts(), "no second alert for what the first one said");
    }

    /** Every sample of a watched call in events/changes, by file name without .json. */
    static Stream<String> watchedSamples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("events/changes"))) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .filter(name -> !name.matches(".*(failed|read-only|queue-batch|other-bucket).*"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("watchedSamples")
    void everyWatchedCallAuditsTheRegionItConcernsAndNoOther(String name) {
        String service = name.substring(0, name.indexOf('-'));
        // Bedrock's, S3's and KMS's calls about eu-west-1's setting, bucket and key; the others about us-east-1's
        // log group and role, which no other region uses.
        String region = switch (service) {
            case "bedrock", "s3", "kms" -> "eu-west-1";
            default -> "us-east-1";
        };
        String other = region.equals("eu-west-1") ? "us-east-1" : "eu-west-1";
        ObjectNode event = sample(name, region, parameters -> {
            switch (service) {
                case "s3" -> parameters.put("bucketName", BUCKET);
                case "logs" -> parameters.put("logGroupName", GROUP);
                case "iam" -> parameters.put("roleName", ROLE);
                case "kms" -> parameters.put("keyId", parameters.path("keyId").asText()
                        .replace(":us-east-1:", ":" + region + ":"));
                default -> { }
            }
        });
        Map<String, String> otherBefore = updatedAt(other);

        Invocation run = invoke(bytes(event));

        assertEquals("COMPLETED", run.summary().get("outcome"), run.summary().toString());
        assertEquals("CHANGE", run.summary().get("trigger"));
        assertEquals(1, run.summary().get("regionsAudited"), "only " + region + ": " + run.summary());
        assertEquals(otherBefore, updatedAt(other), other + "'s findings are left as they were");
    }

    @Test
    void aBurstOfAHundredCallsIsOneAuditOfTheRegionAndOneAlert() {
        deleteBucketPolicy();
        List<JsonNode> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ObjectNode event = deleteBucketPolicyEvent();
            ((ObjectNode) event.get("detail")).put("eventID", "burst-" + i);
            burst.add(event);
        }

        Invocation run = invoke(queueBatch(burst));

        assertEquals("COMPLETED", run.summary().get("outcome"), run.summary().toString());
        assertEquals(1, run.summary().get("regionsAudited"));
        // One read, which tells which regions the calls concern and serves their audit: not a hundred.
        assertEquals(1, run.calls("Bedrock:GetModelInvocationLoggingConfiguration"), run.awsCalls().toString());
        assertEquals(1, run.calls("Sns:Publish"));
        assertEquals(1, alerts().size());
    }

    @Test
    void aCallOnABucketThatIsNoDestinationAuditsNothing() {
        Invocation run = invoke(read("events/changes/s3-DeleteBucketPolicy-other-bucket.json"));

        assertEquals("NOTHING_CONCERNED", run.summary().get("outcome"), run.summary().toString());
        assertTrue(run.summary().get("setAside").toString().contains("bucket website-assets is no log destination in"
                + " us-east-1"), run.summary().toString());
        assertEquals(0, run.calls("SecurityHub:BatchImportFindings"));
        assertEquals(List.of("Bedrock:GetModelInvocationLoggingConfiguration"), run.awsCalls());
        assertEquals(List.of(), alerts());
    }

    @Test
    void aFailedCallIsSetAsideWithoutCallingAws() {
        Invocation run = invoke(read("events/changes/s3-PutBucketPolicy-failed.json"));

        assertEquals("IGNORED", run.summary().get("outcome"), run.summary().toString());
        assertEquals("CHANGE", run.summary().get("trigger"));
        assertTrue(run.summary().get("reason").toString().contains("the call failed (AccessDenied)"), run.summary().toString());
        assertEquals(List.of(), run.awsCalls());
        assertEquals(List.of(), alerts());
    }

    @Test
    void anIamCallReauditsTheRegionsWhoseDestinationUsesTheRole() throws IOException {
        try (IamClient iam = moto.client(IamClient.builder(), "us-east-1")) {
            iam.deleteRolePolicy(request -> request.roleName(ROLE).policyName("BedrockWritesLogs"));
        }
        Map<String, String> euWest1Before = updatedAt("eu-west-1");

        Invocation run = invoke(bytes(sample("iam-DeleteRolePolicy", "us-east-1",
                parameters -> parameters.put("roleName", ROLE).put("policyName", "BedrockWritesLogs"))));

        assertEquals("COMPLETED", run.summary().get("outcome"), run.summary().toString());
        assertEquals(1, run.summary().get("regionsAudited"), "us-east-1 uses the role; eu-west-1 and us-west-2 do not");
        assertEquals(euWest1Before, updatedAt("eu-west-1"));
        AwsSecurityFinding destination = account.findings("us-east-1").stream()
                .filter(finding -> finding.generatorId().equals("bedrock-invocation-logging-destination"))
                .findFirst().orElseThrow();
        assertEquals("FAILED", destination.compliance().statusAsString());
        assertTrue(destination.description().contains("the role has no permission policy"), destination.description());
        String body = JSON.readTree(alerts().get(0)).get("Message").asText();
        assertTrue(body.contains("iam:DeleteRolePolicy on " + ROLE + " in us-east-1 by"), body);
        assertFalse(body.contains("s3:"), "only the call that caused it");
    }
}
