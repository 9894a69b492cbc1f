package dev.bedrockauditor.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.testing.JavaProcess;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.testing.MotoChangeDetection;
import dev.bedrockauditor.regions.RegionCatalog;
import dev.bedrockauditor.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's local invocation, run as a user runs it: {@code java -cp target/bedrock-logging-auditor.jar
 * dev.bedrockauditor.lambda.LocalInvoke FILE} with the variables the README lists, against moto_server.
 */
@ExtendWith(MotoServer.class)
class LocalInvokeIT {

    /** stdout must hold the response and nothing else: trailing output fails the parse. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private AuditedAccount account;

    @BeforeEach
    void seed(MotoServer moto) {
        account = AuditedAccount.seed(moto);
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "AWS_REGION", "us-east-1",
                "ALERT_TOPIC_ARN", account.topicArn(),
                "AUDIT_REGIONS", AuditedAccount.REGIONS,
                "CHANGE_DETECTION_RULE", MotoChangeDetection.RULE,
                "AWS_ENDPOINT_URL", account.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test"));
        return environment;
    }

    private static JavaProcess.Exit localInvoke(Map<String, String> environment, String stdin, String file) {
        return JavaProcess.run(List.of("-cp", JavaProcess.JAR.toString(), LocalInvoke.class.getName(), file),
                environment, stdin.getBytes(StandardCharsets.UTF_8), TIMEOUT);
    }

    @Test
    void theScheduledEventRunsTheAuditAndPrintsTheResponse() throws Exception {
        JavaProcess.Exit run = localInvoke(environment(), "", "events/scheduled-event.json");

        assertEquals(0, run.code(), run.stderr());
        JsonNode summary = JSON.readTree(run.stdout());
        assertEquals("COMPLETED", summary.get("outcome").asText(), run.stdout());
        assertEquals("SCHEDULED", summary.get("trigger").asText());
        assertEquals(8, summary.get("findingsImported").asInt(),
                "six in eu-west-1; where logging is off, the enabled control's and change detection's");
        assertTrue(summary.get("alert").asText().startsWith("SENT "), run.stdout());
        account.assertAuditPublished();
        assertEquals(1, account.alerts().size(), "the alert was sent");
        // The function's log: one line per message, with its level, on stderr.
        assertTrue(run.stderr().contains("[INFO] Audit started, scheduled by arn:aws:events:us-east-1:123456789012:rule/"
                + "bedrock-logging-auditor-AuditorFunctionAuditSchedule-EXAMPLE." + System.lineSeparator()), run.stderr());
        assertTrue(run.stderr().contains("[INFO] Audit finished: 2 region(s), 1 with failed controls, 0 not checked."),
                run.stderr());
    }

    /** README: the home region is AWS_REGION, or AWS_DEFAULT_REGION (Lambda sets both; a shell may set one). */
    @Test
    void aHomeRegionFromAwsDefaultRegionAloneWillDo() throws Exception {
        Map<String, String> environment = environment();
        environment.put("AWS_DEFAULT_REGION", environment.remove("AWS_REGION"));

        JavaProcess.Exit run = localInvoke(environment, "", "events/manual-invocation.json");

        assertEquals(0, run.code(), run.stderr());
        assertEquals("COMPLETED", JSON.readTree(run.stdout()).get("outcome").asText(), run.stdout());
        account.assertAuditPublished();
    }

    @Test
    void anotherPayloadFromStandardInputIsIgnored() throws Exception {
        JavaProcess.Exit run = localInvoke(environment(), "[]", "-");

        assertEquals(0, run.code(), run.stderr());
        JsonNode summary = JSON.readTree(run.stdout());
        assertEquals("IGNORED", summary.get("outcome").asText());
        assertTrue(summary.get("reason").asText().startsWith("not a scheduled or manual invocation (a JSON array with"
                + " 0 element(s))"), run.stdout());
        assertTrue(run.stderr().contains("[WARN] Ignored this invocation: not a scheduled or manual invocation"),
                run.stderr());
        account.assertNothingPublished();
    }

    @Test
    void aMissingFileExitsTwoNamingIt() {
        JavaProcess.Exit run = localInvoke(environment(), "", "events/no-such-event.json");

        assertEquals(new JavaProcess.Exit(2, "", "LocalInvoke: cannot read the event file 'events/no-such-event.json':"
                + " no such file" + System.lineSeparator()), run);
    }

    /**
     * A bad variable stops the handler as it starts (in Lambda: its init), before any call, rather than failing each
     * invocation: named regions are checked against the home region's partition there too.
     */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "ALERT_ON|SOMETIMES|ALERT_ON is 'SOMETIMES'; accepted: CHANGES, FAILURES, ALWAYS, NEVER",
        "AUDIT_REGIONS|eu-west-1,us-gov-west-1|AUDIT_REGIONS names 'us-gov-west-1' of partition aws-us-gov, outside"
            + " partition aws of the home region us-east-1; audit each partition with its own credentials and"
            + " AWS_REGION",
        "AUDIT_REGIONS|eu-west-9|AUDIT_REGIONS names 'eu-west-9', which is not an AWS region known to this auditor;"
            + " Bedrock regions of partition aws: BEDROCK_REGIONS",
    })
    void aBadVariableExitsTwoNamingItWithoutAStackTrace(String variable, String value, String reason) {
        Map<String, String> environment = environment();
        environment.put(variable, value);

        JavaProcess.Exit run = localInvoke(environment, "", "events/scheduled-event.json");

        String regions = String.join(",", RegionCatalog.fromSdkMetadata().bedrockRegionsIn("aws"));
        assertEquals(new JavaProcess.Exit(2, "", "LocalInvoke: the handler could not start: "
                + reason.replace("BEDROCK_REGIONS", regions) + System.lineSeparator()), run);
        account.assertNothingPublished();
    }

    @Test
    void aFailedDeliveryExitsOneWithTheReason() {
        Map<String, String> environment = environment();
        environment.put("ALERT_TOPIC_ARN", AuditedAccount.MISSING_TOPIC_ARN);

        JavaProcess.Exit run = localInvoke(environment, "", "events/manual-invocation.json");

        assertEquals(1, run.code(), run.stderr());
        assertEquals("", run.stdout());
        assertTrue(run.stderr().contains("LocalInvoke: the handler failed: The audit ran, but the alert was not delivered"
                + " (the alert topic " + AuditedAccount.MISSING_TOPIC_ARN + " cannot be used: NotFound"), run.stderr());
        assertTrue(run.stderr().contains("Alert: FAILED"), run.stderr());
        assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
        assertEquals(2, account.findings("us-west-2").size(), "findings were delivered before the run failed");
    }
}
