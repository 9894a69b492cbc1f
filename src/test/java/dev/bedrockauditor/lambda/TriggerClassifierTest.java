package dev.bedrockauditor.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TriggerClassifierTest {

    private static Trigger classify(String payload) {
        return TriggerClassifier.classify(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The ignored payload's reason: the fixed advice around a description of what arrived. */
    private static void assertIgnored(String arrived, String payload) {
        Trigger trigger = classify(payload);
        assertEquals(new Trigger.Ignored(arrived), trigger);
        assertFalse(trigger.runs());
        assertEquals("IGNORED", trigger.kind());
        assertEquals("not a scheduled or manual invocation (" + arrived + "): only the schedule, manual"
                + " invocations and the change queue's CloudTrail calls run an audit; check what else targets this"
                + " function", trigger.description());
    }

    @Test
    void theScheduleRunsAndNamesItsRule() throws IOException {
        Trigger trigger = TriggerClassifier.classify(Files.readAllBytes(Path.of("events/scheduled-event.json")));

        assertTrue(trigger.runs());
        assertEquals("SCHEDULED", trigger.kind());
        assertEquals("scheduled by arn:aws:events:us-east-1:123456789012:rule/"
                + "bedrock-logging-auditor-AuditorFunctionAuditSchedule-EXAMPLE", trigger.description());
    }

    @Test
    void aScheduleWithoutARuleOrWithExtraFieldsStillRuns() {
        assertEquals(new Trigger.Scheduled("an EventBridge schedule"),
                classify("{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\"}"));
        assertEquals(new Trigger.Scheduled("an EventBridge schedule"),
                classify("{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"resources\":{}}"));
        assertEquals(new Trigger.Scheduled("r"), classify("{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\","
                + "\"resources\":[\"r\"],\"unexpected\":{\"nested\":[1,2]},\"detail\":{\"x\":1}}"));
    }

    @Test
    void theManualInvocationExampleRuns() throws IOException {
        Trigger trigger = TriggerClassifier.classify(Files.readAllBytes(Path.of("events/manual-invocation.json")));

        assertTrue(trigger.runs());
        assertEquals("MANUAL", trigger.kind());
        assertEquals("invoked by hand (source bedrock-logging-auditor.manual)", trigger.description());
        assertEquals(new Trigger.Manual("source bedrock-logging-auditor.manual"),
                classify("{\"source\":\"bedrock-logging-auditor.manual\"}"));
    }

    @Test
    void anEmptyObjectIsManual() {
        assertEquals(new Trigger.Manual("an empty JSON object"), classify("{}"));
        assertEquals(new Trigger.Manual("an empty JSON object"), classify(" \n{ }\n"));
    }

    /** What a bare {@code aws lambda invoke} sends. */
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n", " \t\r\n "})
    void anEmptyPayloadIsManual(String payload) {
        Trigger trigger = classify(payload);

        assertEquals(new Trigger.Manual("empty payload"), trigger);
        assertEquals("invoked by hand (empty payload)", trigger.description());
    }

    @Test
    void anEmptyArrayIsIgnored() {
        assertIgnored("a JSON array with 0 element(s)", "[]");
        assertIgnored("a JSON array with 2 element(s)", "[{}, {}]");
    }

    @Test
    void jsonNullIsIgnored() {
        assertIgnored("JSON null", "null");
    }

    @Test
    void anObjectWithoutSourceOrDetailTypeIsIgnored() {
        assertIgnored("a JSON object with field(s) 'foo' but no source or detail-type string", "{\"foo\":\"bar\"}");
        assertIgnored("a JSON object with field(s) 'source' but no source or detail-type string", "{\"source\":5}");
        assertIgnored("a JSON object with field(s) 'a', 'b', 'c', 'd', 'e' and 2 more but no source or detail-type"
                + " string", "{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1}");
    }

    @Test
    void anSnsNotificationIsIgnored() {
        assertIgnored("a Records event with 1 record(s) from 'aws:sns'", "{\"Records\":[{\"EventSource\":\"aws:sns\","
                + "\"EventVersion\":\"1.0\",\"Sns\":{\"Type\":\"Notification\",\"Message\":\"{}\"}}]}");
    }

    @Test
    void anSqsBatchIsIgnored() {
        assertIgnored("a Records event with 2 record(s) from 'aws:sqs'", "{\"Records\":["
                + "{\"messageId\":\"1\",\"eventSource\":\"aws:sqs\",\"body\":\"hello\"},"
                + "{\"messageId\":\"2\",\"eventSource\":\"aws:sqs\",\"body\":\"world\"}]}");
        assertIgnored("a Records event with 1 record(s) from an unnamed source", "{\"Records\":[{\"body\":\"x\"}]}");
    }

    @Test
    void aManagementCallOrTheQueuesBatchOfThemIsAChangeRun() throws IOException {
        Trigger single = TriggerClassifier.classify(Files.readAllBytes(Path.of("events/changes/kms-DisableKey.json")));
        assertTrue(single.runs());
        assertEquals("CHANGE", single.kind());
        assertEquals("by 1 change event(s)", single.description());

        Trigger batch = TriggerClassifier.classify(Files.readAllBytes(Path.of("events/changes/queue-batch.json")));
        assertTrue(batch.runs());
        assertEquals("by 3 change event(s) (1 more set aside)", batch.description());
    }

    @Test
    void aCallThatFailedIsNoChangeAndRunsNothing() throws IOException {
        Trigger trigger = TriggerClassifier.classify(
                Files.readAllBytes(Path.of("events/changes/s3-PutBucketPolicy-failed.json")));

        assertFalse(trigger.runs());
        assertEquals("CHANGE", trigger.kind());
        assertTrue(trigger.description().startsWith("an API call event with no call that can have changed invocation"
                + " logging: s3:PutBucketPolicy (event "), trigger.description());
        assertTrue(trigger.description().endsWith("the call failed (AccessDenied), so it changed nothing"));
    }

    @Test
    void aJsonStringIsIgnored() {
        assertIgnored("a JSON string 'run the audit'", "\"run the audit\"");
        assertIgnored("a JSON string '{\"source\":\"bedrock-logging-auditor.manual\"}'",
                "\"{\\\"source\\\":\\\"bedrock-logging-auditor.manual\\\"}\"");
    }

    @Test
    void aNumberOrABooleanIsIgnored() {
        assertIgnored("a JSON number '42'", "42");
        assertIgnored("a JSON boolean true", "true");
    }

    @Test
    void aPayloadThatIsNotJsonIsIgnored() {
        assertIgnored("a payload of 11 byte(s) that is not JSON, starting 'run it now'", "run it now\n");
        assertIgnored("a payload of 4 byte(s) that is not JSON, starting '{} x'", "{} x");
        assertIgnored("a payload of 10 byte(s) that is not JSON, starting '{\"source\":'", "{\"source\":");
    }

    @Test
    void anotherEventBridgeEventIsIgnoredNamingItsSourceAndDetailType() {
        assertIgnored("an event with source 'aws.s3', detail-type 'Object Created'",
                "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{\"bucket\":{\"name\":\"b\"}}}");
        assertIgnored("an event with source 'aws.events', detail-type 'Something Else'",
                "{\"source\":\"aws.events\",\"detail-type\":\"Something Else\"}");
        assertIgnored("an event with source absent, detail-type 'Scheduled Event'", "{\"detail-type\":\"Scheduled Event\"}");
    }

    @Test
    void whatArrivedIsShortenedAndControlCharactersAreEscaped() {
        assertEquals("'" + "x".repeat(60) + "'...", TriggerClassifier.preview("x".repeat(61)));
        assertEquals("'" + "x".repeat(60) + "'", TriggerClassifier.preview("x".repeat(60)));
        assertEquals("'a\\u000ab'", TriggerClassifier.preview("a\nb"));
        assertIgnored("a JSON string '" + "y".repeat(60) + "'...", "\"" + "y".repeat(500) + "\"");
    }
}
