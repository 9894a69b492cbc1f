package dev.bedrockauditor.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.domain.ChangeEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The samples in events/changes read into change events: what, on what, by whom; and what is set aside. */
class ChangeEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode sample(String name) throws IOException {
        return JSON.readTree(Path.of("events/changes/" + name + ".json").toFile());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "bedrock-PutModelInvocationLoggingConfiguration, bedrock, us-east-1, ''",
        "bedrock-DeleteModelInvocationLoggingConfiguration, bedrock, us-east-1, ''",
        "s3-DeleteBucket, s3, us-east-1, demo-bedrock-logs",
        "s3-PutPublicAccessBlock, s3, us-east-1, demo-bedrock-logs",
        "s3-DeleteBucketOwnershipControls, s3, us-east-1, demo-bedrock-logs",
        "s3-PutBucketVersioning, s3, us-east-1, demo-bedrock-logs",
        "logs-PutRetentionPolicy, logs, us-east-1, /aws/bedrock/model-invocations",
        "logs-AssociateKmsKey, logs, us-east-1, /aws/bedrock/model-invocations",
        "iam-DetachRolePolicy, iam, us-east-1, BedrockInvocationLogging",
        "iam-AttachRolePolicy, iam, us-east-1, BedrockInvocationLogging",
        "iam-PutRolePermissionsBoundary, iam, us-east-1, BedrockInvocationLogging",
        "kms-ScheduleKeyDeletion, kms, us-east-1, arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d",
    })
    void aWatchedCallNamesItsTargetAndWhoMadeIt(String name, String service, String region, String resource)
            throws IOException {
        JsonNode sample = sample(name);
        assertTrue(ChangeEvents.isApiCall(sample));

        ChangeEvents.Batch batch = ChangeEvents.fromEventBridge(sample);

        assertEquals(List.of(), batch.setAside());
        ChangeEvent event = batch.events().get(0);
        assertEquals(service, event.service());
        assertEquals(name.substring(name.indexOf('-') + 1), event.eventName());
        assertEquals(region, event.region());
        assertEquals(resource.isEmpty() ? Optional.empty() : Optional.of(resource), event.resource());
        assertEquals(sample.path("detail").path("eventID").asText(), event.eventId());
        assertEquals(new ChangeEvent.Actor("arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice", "AssumedRole",
                Optional.of("arn:aws:iam::123456789012:role/PlatformAdmin")), event.actor());
        assertEquals("203.0.113.24", event.sourceIp());
        assertEquals("2026-11-26T09:12:41Z", event.time());
    }

    @Test
    void aFailedCallAndACallNotWatchedAreSetAsideSayingWhy() throws IOException {
        ChangeEvents.Batch failed = ChangeEvents.fromEventBridge(sample("s3-PutBucketPolicy-failed"));
        assertEquals(List.of(), failed.events());
        assertTrue(failed.setAside().get(0).endsWith("the call failed (AccessDenied), so it changed nothing"),
                failed.setAside().toString());

        ChangeEvents.Batch readOnly = ChangeEvents.fromEventBridge(sample("s3-GetBucketPolicy-read-only"));
        assertEquals(List.of(), readOnly.events());
        assertTrue(readOnly.setAside().get(0).startsWith("s3:GetBucketPolicy (event "), readOnly.setAside().toString());
        assertTrue(readOnly.setAside().get(0).endsWith(": not a call that can change invocation logging"));
    }

    @Test
    void theQueuesBatchKeepsEveryCallAndSetsTheFailedOneAside() throws IOException {
        JsonNode batch = sample("queue-batch");

        ChangeEvents.Batch read = ChangeEvents.fromSqs(batch.path("Records")).orElseThrow();

        assertEquals(List.of("PutBucketPolicy", "DeleteBucketPolicy", "PutBucketPolicy"),
                read.events().stream().map(ChangeEvent::eventName).toList());
        assertEquals(1, read.setAside().size());
    }

    @Test
    void anEventWithoutARegionIsSetAsideSayingSo() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode event = (com.fasterxml.jackson.databind.node.ObjectNode)
                sample("s3-PutBucketPolicy");
        event.remove("region");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("detail")).remove("awsRegion");

        ChangeEvents.Batch batch = ChangeEvents.fromEventBridge(event);

        assertEquals(List.of(), batch.events());
        assertTrue(batch.setAside().get(0).endsWith(": the event names no region"), batch.setAside().toString());
    }

    @Test
    void aQueueMessageThatIsNotJsonOrNotACallIsSetAsideBesideTheCalls() throws IOException {
        String call = sample("kms-DisableKey").toString().replace("\\", "\\\\").replace("\"", "\\\"");
        JsonNode records = JSON.readTree("[{\"eventSource\":\"aws:sqs\",\"messageId\":\"a\",\"body\":\"{not json\"},"
                + "{\"eventSource\":\"aws:sqs\",\"messageId\":\"b\",\"body\":\"{\\\"source\\\":\\\"x\\\"}\"},"
                + "{\"eventSource\":\"aws:sqs\",\"messageId\":\"c\",\"body\":\"" + call + "\"}]");

        ChangeEvents.Batch batch = ChangeEvents.fromSqs(records).orElseThrow();

        assertEquals(List.of("DisableKey"), batch.events().stream().map(ChangeEvent::eventName).toList());
        assertEquals(List.of("message a: not JSON", "message b: not an AWS API call event from CloudTrail"),
                batch.setAside());
    }

    @Test
    void recordsThatAreNotTheQueuesAreNotChangeEvents() throws IOException {
        JsonNode sns = JSON.readTree("[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Message\":\"x\"}}]");
        JsonNode sqsOther = JSON.readTree("[{\"eventSource\":\"aws:sqs\",\"messageId\":\"1\",\"body\":\"hello\"}]");

        assertEquals(Optional.empty(), ChangeEvents.fromSqs(sns));
        assertEquals(Optional.empty(), ChangeEvents.fromSqs(sqsOther), "no API call event among the bodies");
    }
}
