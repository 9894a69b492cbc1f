package dev.bedrockauditor.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoServer;
import dev.bedrockauditor.testing.Template;
import dev.bedrockauditor.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * The handler named in template.yaml, invoked as Lambda invokes it: each file in events/ deserialised by
 * the runtime's own serialisation library, the environment the template sets, a real moto_server.
 */
@ExtendWith(MotoServer.class)
class LambdaHandlerIT {

    private static final Template TEMPLATE = Template.load();
    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoServer moto;
    private MotoAccount account;
    private MotoAccount.Topic topic;

    @BeforeEach
    void seed(MotoServer moto) {
        this.moto = moto;
        account = new MotoAccount(moto);
        account.fullLogging("eu-west-1");
        topic = account.topicWithQueue("us-east-1", "auditor-alerts");
    }

    /** What Lambda sets: the template's variables (with a parameter override, as sam deploy would) and AWS_REGION. */
    private Map<String, String> environment(Map<String, String> parameters) {
        Map<String, String> environment = new HashMap<>(TEMPLATE.environment("AuditorFunction",
                parameters, Map.of("AlertTopic", topic.arn())));
        environment.put("AWS_REGION", "us-east-1");
        return environment;
    }

    private Map<String, String> environment() {
        return environment(Map.of("AuditRegions", "eu-west-1,us-west-2"));
    }

    private static ScheduledEvent deserialise(InputStream json) {
        return LambdaEventSerializers.serializerFor(ScheduledEvent.class, LambdaHandlerIT.class.getClassLoader())
                .fromJson(json);
    }

    private static ScheduledEvent deserialise(String json) {
        return deserialise(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Builds the handler class named in the template and calls its handler method, as the runtime does. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> invoke(Map<String, String> environment, ScheduledEvent event) {
        String[] handler = TEMPLATE.resource("AuditorFunction").path("Properties").path("Handler").asText().split("::");
        return CommandRun.withSdkProperties(moto.endpoint(), "us-east-1", Map.of(), () -> {
            try {
                Class<?> type = Class.forName(handler[0]);
                Object instance = type.getConstructor(Map.class, List.class).newInstance(environment, List.of());
                Method method = type.getMethod(handler[1], ScheduledEvent.class,
                        com.amazonaws.services.lambda.runtime.Context.class);
                return (Map<String, Object>) method.invoke(instance, event, new TestContext());
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the template's handler cannot be called: " + e, e);
            }
        });
    }

    static Stream<Path> eventFiles() throws IOException {
        return Files.list(Path.of("events")).filter(path -> path.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void everyEventInEventsRunsTheAuditAndPublishes(Path file) throws IOException {
        ScheduledEvent event;
        try (InputStream json = Files.newInputStream(file)) {
            event = deserialise(json);
        }

        Map<String, Object> summary = invoke(environment(), event);

        assertEquals("COMPLETED", summary.get("outcome"), summary.toString());
        assertEquals(2, summary.get("regionsAudited"));
        assertEquals(10, summary.get("findingsImported"));
        assertEquals(Map.of("us-west-2", List.of("bedrock-invocation-logging-enabled FAILED")),
                summary.get("regionsNotCompliant"));
        assertTrue(String.valueOf(summary.get("alert")).startsWith("SENT "), summary.toString());
        assertEquals(5, account.findings("eu-west-1").size());
        List<AwsSecurityFinding> west = account.findings("us-west-2");
        assertEquals(5, west.size());
        assertTrue(west.stream().anyMatch(f -> f.compliance().statusAsString().equals("FAILED")));
        JsonNode alert = JSON.readTree(account.drain("us-east-1", topic).get(0).body());
        assertEquals("Bedrock invocation logging: 1 of 2 regions not compliant (123456789012)", alert.get("Subject").asText());
        assertEquals(file.getFileName().toString().startsWith("scheduled") ? "SCHEDULED" : "MANUAL", summary.get("trigger"));
        assertEquals(summary, JSON.readValue(JSON.writeValueAsString(summary), Map.class), "the summary is plain JSON");
    }

    @Test
    void withTheTemplatesDefaultsEveryBedrockRegionIsAudited() {
        Map<String, Object> summary = invoke(environment(Map.of()), deserialise("{\"source\":\"aws.events\","
                + "\"detail-type\":\"Scheduled Event\",\"resources\":[\"arn:aws:events:us-east-1:123456789012:rule/x\"]}"));

        // moto lacks account:ListRegions, so every Bedrock region of the partition is audited, with a warning.
        assertEquals("COMPLETED", summary.get("outcome"), summary.toString());
        assertTrue((Integer) summary.get("regionsAudited") > 20, summary.toString());
        assertTrue(summary.get("warnings").toString().contains("account:ListRegions failed"), summary.toString());
    }

    @Test
    void anEmptyEventIsAManualRunAndUnknownFieldsAreIgnored() {
        assertEquals("MANUAL", invoke(environment(), deserialise("{}")).get("trigger"));
        Map<String, Object> withExtras = invoke(environment(), deserialise("{\"source\":\"aws.events\","
                + "\"detail-type\":\"Scheduled Event\",\"unexpected\":{\"nested\":[1,2]},\"detail\":{\"x\":1}}"));
        assertEquals("SCHEDULED", withExtras.get("trigger"));
        assertEquals("COMPLETED", withExtras.get("outcome"));
    }

    @Test
    void anotherKindOfEventIsAnsweredClearlyWithoutAnAudit() {
        Map<String, Object> summary = invoke(environment(), deserialise("{\"source\":\"aws.s3\","
                + "\"detail-type\":\"Object Created\",\"detail\":{\"bucket\":{\"name\":\"b\"}}}"));

        assertEquals("IGNORED", summary.get("outcome"));
        assertTrue(summary.get("reason").toString().startsWith("not a scheduled or manual invocation (source 'aws.s3',"
                + " detail-type 'Object Created')"), summary.toString());
        assertTrue(account.findings("us-west-2").isEmpty(), "nothing was audited or published");
        assertTrue(account.drain("us-east-1", topic).isEmpty());
    }

    @Test
    void aBadVariableStopsTheStartNamingIt() {
        Map<String, String> environment = environment();
        environment.put("ALERT_ON", "SOMETIMES");

        ConfigurationException error = assertThrows(ConfigurationException.class, () -> invoke(environment, null));
        assertEquals("ALERT_ON is 'SOMETIMES'; accepted: CHANGES, FAILURES, ALWAYS, NEVER", error.getMessage());

        Map<String, String> noRegion = environment();
        noRegion.remove("AWS_REGION");
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> invoke(noRegion, null));
        assertTrue(missing.getMessage().startsWith("AWS_REGION is not set"), missing.getMessage());
    }

    @Test
    void aFailedAlertThrowsSoLambdaRetriesAfterTheFindingsWereDelivered() {
        Map<String, String> environment = environment();
        environment.put("ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:no-such-topic");

        AuditRunFailedException error = assertThrows(AuditRunFailedException.class,
                () -> invoke(environment, deserialise("{}")));

        assertTrue(error.getMessage().contains("Alert: FAILED"), error.getMessage());
        assertEquals(5, account.findings("us-west-2").size(), "findings were delivered before the run failed");
    }
}
