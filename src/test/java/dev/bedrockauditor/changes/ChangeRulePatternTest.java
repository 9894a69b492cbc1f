package dev.bedrockauditor.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockauditor.testing.EventPatternMatcher;
import dev.bedrockauditor.testing.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stack's change rule and the forwarder's: one pattern, naming exactly the calls the handler acts on,
 * matching every sample of such a call in events/changes, and rejecting what EventBridge can tell apart
 * (failed calls, read-only calls, other services, other event types).
 */
class ChangeRulePatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode HOME = Template.load().resource("ChangeEventsRule").path("Properties")
            .path("EventPattern");
    private static final JsonNode FORWARDER = Template.load(Path.of("src/cloudformation/change-forwarder.yaml"))
            .resource("ForwardChangesRule").path("Properties").path("EventPattern");

    @Test
    void bothTemplatesMatchTheSameCallsTheHandlerActsOn() {
        assertEquals(HOME, FORWARDER, "the forwarder forwards exactly what the home rule takes");
        assertEquals(WatchedCalls.sources(), texts(HOME.path("source")));
        assertEquals(Set.of(WatchedCalls.DETAIL_TYPE), texts(HOME.path("detail-type")));
        assertEquals(WatchedCalls.eventSources(), texts(HOME.path("detail").path("eventSource")));
        assertEquals(WatchedCalls.eventNames(), texts(HOME.path("detail").path("eventName")));
    }

    static Stream<Path> watchedSamples() throws IOException {
        return samples().filter(path -> !path.getFileName().toString().matches(".*(failed|read-only|queue-batch).*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("watchedSamples")
    void everyWatchedCallSampleMatchesBothRules(Path sample) throws IOException {
        JsonNode event = JSON.readTree(sample.toFile());
        assertTrue(EventPatternMatcher.matches(HOME, event), sample + " reaches the home rule");
        assertTrue(EventPatternMatcher.matches(FORWARDER, event), sample + " reaches the forwarder");
        // Forwarded from another region, the event keeps its region and still matches at home.
        ((ObjectNode) event).put("region", "ap-southeast-2");
        assertTrue(EventPatternMatcher.matches(HOME, event));
    }

    @Test
    void failedAndReadOnlyCallsAreFilteredOutByTheRule() throws IOException {
        assertFalse(matches("events/changes/s3-PutBucketPolicy-failed.json"), "a call that failed");
        assertFalse(matches("events/changes/s3-GetBucketPolicy-read-only.json"), "a read-only call");
    }

    @Test
    void otherServicesCallsAndEventTypesAreFilteredOut() throws IOException {
        ObjectNode ec2 = (ObjectNode) JSON.readTree(Path.of("events/changes/kms-DisableKey.json").toFile());
        ec2.put("source", "aws.ec2");
        ((ObjectNode) ec2.get("detail")).put("eventSource", "ec2.amazonaws.com").put("eventName", "DisableKey");
        assertFalse(EventPatternMatcher.matches(HOME, ec2), "another service's call of the same name");
        ObjectNode putObject = (ObjectNode) JSON.readTree(Path.of("events/changes/s3-PutBucketPolicy.json").toFile());
        ((ObjectNode) putObject.get("detail")).put("eventName", "PutObject");
        assertFalse(EventPatternMatcher.matches(HOME, putObject), "an S3 data event");
        ObjectNode consoleSignIn = (ObjectNode) putObject.deepCopy();
        consoleSignIn.put("detail-type", "AWS Console Sign In via CloudTrail");
        ((ObjectNode) consoleSignIn.get("detail")).put("eventName", "DeleteBucket");
        assertFalse(EventPatternMatcher.matches(HOME, consoleSignIn), "another detail-type");
        assertFalse(matches("events/scheduled-event.json"), "the schedule");
    }

    @Test
    void aCallOnABucketThatIsNoDestinationPassesTheRuleAndIsSetAsideByTheHandler() throws IOException {
        // The rule cannot know which buckets are destinations: the handler reads the region's configuration.
        assertTrue(matches("events/changes/s3-DeleteBucketPolicy-other-bucket.json"));
    }

    private static boolean matches(String file) throws IOException {
        return EventPatternMatcher.matches(HOME, JSON.readTree(Path.of(file).toFile()));
    }

    private static Stream<Path> samples() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("events/changes"))) {
            files = list.filter(path -> path.toString().endsWith(".json")).sorted().toList();
        }
        return files.stream();
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
