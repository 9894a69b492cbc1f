package dev.bedrockauditor.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoServer;
import dev.bedrockauditor.testing.Template;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * The handler named in template.yaml, invoked as Lambda invokes a stream handler: the payload's raw bytes
 * in, the response's bytes out, the environment the template sets, a real moto_server.
 */
@ExtendWith(MotoServer.class)
class LambdaHandlerIT {

    private static final Template TEMPLATE = Template.load();
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditedAccount account;

    @BeforeEach
    void seed(MotoServer moto) {
        account = AuditedAccount.seed(moto);
    }

    /** What Lambda sets: the template's variables (with a parameter override, as sam deploy would) and AWS_REGION. */
    private Map<String, String> environment(Map<String, String> parameters) {
        Map<String, String> environment = new HashMap<>(TEMPLATE.environment("AuditorFunction",
                parameters, Map.of("AlertTopic", account.topicArn())));
        environment.put("AWS_REGION", "us-east-1");
        return environment;
    }

    private Map<String, String> environment() {
        return environment(Map.of("AuditRegions", AuditedAccount.REGIONS));
    }

    /** The response as bytes and as JSON, and the AWS operations the handler called while answering. */
    private record Invocation(byte[] response, Map<String, Object> summary, List<String> awsCalls) {}

    /** Records the AWS operations of the handler's clients. */
    private static final class AwsCalls implements ExecutionInterceptor {
        final List<String> operations = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                ExecutionAttributes attributes) {
            operations.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    /**
     * Builds the handler class named in the template with its test constructor, then calls the template's
     * handler method with the payload, as the runtime does.
     */
    @SuppressWarnings("unchecked")
    private Invocation invoke(Map<String, String> environment, byte[] payload) {
        String[] handler = TEMPLATE.resource("AuditorFunction").path("Properties").path("Handler").asText().split("::");
        AwsCalls calls = new AwsCalls();
        return CommandRun.withSdkProperties(account.endpoint(), "us-east-1", Map.of(), () -> {
            Object instance = start(handler[0], environment, calls);
            calls.operations.clear();
            try {
                Method method = instance.getClass().getMethod(handler[1], InputStream.class, OutputStream.class,
                        Context.class);
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                method.invoke(instance, new ByteArrayInputStream(payload), response, new LocalContext());
                return new Invocation(response.toByteArray(), JSON.readValue(response.toByteArray(), Map.class),
                        List.copyOf(calls.operations));
            } catch (InvocationTargetException e) {
                throw unwrap(e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the template's handler cannot be called: " + e, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Map<String, Object> summary(Map<String, String> environment, String payload) {
        return invoke(environment, payload.getBytes(StandardCharsets.UTF_8)).summary();
    }

    private static Object start(String className, Map<String, String> environment, ExecutionInterceptor interceptor) {
        try {
            return Class.forName(className).getConstructor(Map.class, List.class)
                    .newInstance(environment, List.of(interceptor));
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the template's handler class cannot be built: " + e, e);
        }
    }

    private static RuntimeException unwrap(InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(e.getCause());
    }

    static Stream<Path> eventFiles() throws IOException {
        return Files.list(Path.of("events")).filter(path -> path.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void everyEventInEventsRunsTheAuditAndPublishes(Path file) throws IOException {
        Map<String, Object> summary = invoke(environment(), Files.readAllBytes(file)).summary();

        assertEquals("COMPLETED", summary.get("outcome"), summary.toString());
        assertEquals(2, summary.get("regionsAudited"));
        assertEquals(8, summary.get("findingsImported"),
                "six in eu-west-1; where logging is off, the enabled control's and change detection's");
        assertEquals(Map.of("us-west-2", List.of("bedrock-invocation-logging-enabled FAILED")),
                summary.get("regionsNotCompliant"));
        assertTrue(String.valueOf(summary.get("alert")).startsWith("SENT "), summary.toString());
        assertEquals(6, account.findings("eu-west-1").size());
        List<AwsSecurityFinding> west = account.findings("us-west-2");
        assertEquals(2, west.size());
        assertEquals("FAILED", west.stream().filter(f -> f.generatorId().equals("bedrock-invocation-logging-enabled"))
                .findFirst().orElseThrow().compliance().statusAsString());
        assertEquals("PASSED", west.stream().filter(f -> f.generatorId().equals(
                "bedrock-invocation-logging-change-detection")).findFirst().orElseThrow().compliance().statusAsString());
        JsonNode alert = JSON.readTree(account.alerts().get(0).body());
        assertEquals("Bedrock invocation logging: 1 of 2 regions not compliant (123456789012)", alert.get("Subject").asText());
        assertEquals(file.getFileName().toString().startsWith("scheduled") ? "SCHEDULED" : "MANUAL", summary.get("trigger"));
    }

    @Test
    void withTheTemplatesDefaultsEveryBedrockRegionIsAudited() {
        Map<String, Object> summary = summary(environment(Map.of()), "{\"source\":\"aws.events\","
                + "\"detail-type\":\"Scheduled Event\",\"resources\":[\"arn:aws:events:us-east-1:123456789012:rule/x\"]}");

        // moto lacks account:ListRegions, so every Bedrock region of the partition is audited, with a warning.
        assertEquals("COMPLETED", summary.get("outcome"), summary.toString());
        assertTrue((Integer) summary.get("regionsAudited") > 20, summary.toString());
        assertTrue(summary.get("warnings").toString().contains("account:ListRegions failed"), summary.toString());
    }

    /** README: {@code {}} counts as manual, and so does the empty payload a bare {@code aws lambda invoke} sends. */
    @ParameterizedTest(name = "payload \"{0}\"")
    @ValueSource(strings = {"{}", "", " \n"})
    void anEmptyObjectOrPayloadIsAManualRun(String payload) {
        Map<String, Object> summary = summary(environment(), payload);

        assertEquals("MANUAL", summary.get("trigger"));
        assertEquals("COMPLETED", summary.get("outcome"), summary.toString());
        assertEquals(2, account.findings("us-west-2").size());
    }

    @Test
    void unknownFieldsOfTheScheduledEventAreIgnored() {
        Map<String, Object> withExtras = summary(environment(), "{\"source\":\"aws.events\","
                + "\"detail-type\":\"Scheduled Event\",\"unexpected\":{\"nested\":[1,2]},\"detail\":{\"x\":1}}");

        assertEquals("SCHEDULED", withExtras.get("trigger"));
        assertEquals("COMPLETED", withExtras.get("outcome"));
    }

    static Stream<Arguments> ignoredShapes() {
        return Stream.of(
                Arguments.of("empty array", "[]", "a JSON array with 0 element(s)"),
                Arguments.of("null", "null", "JSON null"),
                Arguments.of("object without source", "{\"foo\":\"bar\"}",
                        "a JSON object with field(s) 'foo' but no source or detail-type string"),
                Arguments.of("SNS notification", "{\"Records\":[{\"EventSource\":\"aws:sns\",\"EventVersion\":\"1.0\","
                        + "\"Sns\":{\"Type\":\"Notification\",\"Subject\":\"run\",\"Message\":\"{}\"}}]}",
                        "a Records event with 1 record(s) from 'aws:sns'"),
                Arguments.of("SQS batch", "{\"Records\":[{\"messageId\":\"m1\",\"eventSource\":\"aws:sqs\","
                        + "\"body\":\"{\\\"source\\\":\\\"bedrock-logging-auditor.manual\\\"}\"}]}",
                        "a Records event with 1 record(s) from 'aws:sqs'"),
                Arguments.of("JSON string", "\"Prüfung starten ✓\"", "a JSON string 'Prüfung starten ✓'"),
                Arguments.of("number", "42", "a JSON number '42'"),
                Arguments.of("not JSON", "run the audit", "a payload of 13 byte(s) that is not JSON, starting 'run the audit'"),
                Arguments.of("another EventBridge event", "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\","
                        + "\"detail\":{\"bucket\":{\"name\":\"b\"}}}",
                        "an event with source 'aws.s3', detail-type 'Object Created'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredShapes")
    void anyOtherPayloadIsAnsweredClearlyWithoutAnAudit(String shape, String payload, String arrived) {
        Invocation invocation = invoke(environment(), payload.getBytes(StandardCharsets.UTF_8));

        assertEquals(Map.of("outcome", "IGNORED", "trigger", "IGNORED",
                "reason", "not a scheduled or manual invocation (" + arrived + "): only the schedule, manual"
                        + " invocations and the change queue's CloudTrail calls run an audit; check what else targets"
                        + " this function"), invocation.summary());
        assertTrue(new String(invocation.response(), StandardCharsets.UTF_8).contains(arrived),
                "the response is UTF-8 JSON: " + new String(invocation.response(), StandardCharsets.UTF_8));
        assertEquals(List.of(), invocation.awsCalls(), "no AWS call was made");
        account.assertNothingPublished();
    }

    @Test
    void aBadVariableStopsTheStartNamingIt() {
        Map<String, String> environment = environment();
        environment.put("ALERT_ON", "SOMETIMES");

        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> invoke(environment, new byte[0]));
        assertEquals("ALERT_ON is 'SOMETIMES'; accepted: CHANGES, FAILURES, ALWAYS, NEVER", error.getMessage());

        Map<String, String> noRegion = environment();
        noRegion.remove("AWS_REGION");
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> invoke(noRegion, new byte[0]));
        assertTrue(missing.getMessage().startsWith("AWS_REGION is not set"), missing.getMessage());
    }

    @Test
    void aFailedAlertThrowsSoLambdaRetriesAfterTheFindingsWereDelivered() {
        Map<String, String> environment = environment();
        environment.put("ALERT_TOPIC_ARN", AuditedAccount.MISSING_TOPIC_ARN);

        AuditRunFailedException error = assertThrows(AuditRunFailedException.class,
                () -> summary(environment, "{}"));

        assertTrue(error.getMessage().startsWith("The audit ran, but the alert was not delivered (the alert topic "
                + AuditedAccount.MISSING_TOPIC_ARN + " cannot be used: NotFound"), error.getMessage());
        assertEquals(2, account.findings("us-west-2").size(), "findings were delivered before the run failed");
    }

    @Test
    void aChangeWhoseAlertFailedIsAlertedByTheNextCleanInvocationExactlyOnce() throws Exception {
        Map<String, String> environment = environment();
        environment.put("ALERT_TOPIC_ARN", AuditedAccount.MISSING_TOPIC_ARN);
        assertThrows(AuditRunFailedException.class, () -> summary(environment, "{}"));
        MotoAccount.Topic fixed = account.createMissingTopic();

        Map<String, Object> retried = summary(environment, "{}");

        assertTrue(String.valueOf(retried.get("alert")).startsWith("SENT"), retried.toString());
        List<software.amazon.awssdk.services.sqs.model.Message> alerts = account.alerts(fixed);
        assertEquals(1, alerts.size());
        String body = JSON.readTree(alerts.get(0).body()).get("Message").asText();
        assertTrue(body.contains("  Newly failing:\n    us-west-2       FAILED LOGGING: Logging is off"), body);

        Map<String, Object> after = summary(environment, "{}");
        assertEquals("NOT_SENT: ALERT_ON is CHANGES and nothing changed", after.get("alert"));
        assertEquals(List.of(), account.alerts(fixed), "delivered once");
    }

    @Test
    void aHomeRegionWhosePartitionHasNoBedrockFailsTheInvocationNamingWhy() {
        Map<String, String> environment = environment(Map.of());
        environment.put("AWS_REGION", "cn-north-1");
        environment.remove("ALERT_TOPIC_ARN");

        ConfigurationException error = assertThrows(ConfigurationException.class, () -> summary(environment, "{}"));

        assertEquals("nothing to audit: partition aws-cn of the home region cn-north-1 has no Bedrock region known to"
                + " this auditor; set AWS_REGION to a region of the partition to audit, or name regions with --regions"
                + " or AUDIT_REGIONS", error.getMessage());
        account.assertNothingPublished();
    }
}
