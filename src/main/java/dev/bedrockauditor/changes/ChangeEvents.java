package dev.bedrockauditor.changes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.domain.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads CloudTrail's "AWS API Call via CloudTrail" events, as EventBridge delivers them or as the stack's
 * queue batches them, into {@link ChangeEvent}s. Pure: calls that failed, calls this auditor does not watch
 * and bodies that are not such events are set aside with the reason, never acted on and never lost silently.
 */
public final class ChangeEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeEvents() {}

    /** What a payload held: the calls to act on, and each event set aside with why. */
    public record Batch(List<ChangeEvent> events, List<String> setAside) {
        public Batch {
            events = List.copyOf(events);
            setAside = List.copyOf(setAside);
        }
    }

    /** Whether an EventBridge event is a management call CloudTrail delivered, watched or not. */
    public static boolean isApiCall(JsonNode event) {
        return WatchedCalls.DETAIL_TYPE.equals(event.path("detail-type").asText(null))
                && event.path("source").asText("").startsWith("aws.");
    }

    /** One EventBridge event that {@link #isApiCall} accepted. */
    public static Batch fromEventBridge(JsonNode event) {
        String source = event.path("source").asText();
        JsonNode detail = event.path("detail");
        String eventName = detail.path("eventName").asText("");
        String eventId = detail.path("eventID").asText(event.path("id").asText("unknown"));
        String call = WatchedCalls.service(source) + ":" + eventName + " (event " + eventId + ")";
        Optional<String> parameter = WatchedCalls.targetParameter(source, eventName);
        if (parameter.isEmpty()) {
            return new Batch(List.of(), List.of(call + ": not a call that can change invocation logging"));
        }
        if (detail.hasNonNull("errorCode")) {
            return new Batch(List.of(), List.of(call + ": the call failed (" + detail.path("errorCode").asText()
                    + "), so it changed nothing"));
        }
        JsonNode identity = detail.path("userIdentity");
        Optional<String> issuer = Optional.ofNullable(identity.path("sessionContext").path("sessionIssuer")
                .path("arn").asText(null)).filter(arn -> !arn.isBlank());
        ChangeEvent.Actor actor = new ChangeEvent.Actor(
                identity.path("arn").asText(identity.path("invokedBy").asText("unknown")),
                identity.path("type").asText("unknown"), issuer);
        Optional<String> resource = parameter.get().isEmpty() ? Optional.empty()
                : Optional.ofNullable(detail.path("requestParameters").path(parameter.get()).asText(null))
                        .filter(name -> !name.isBlank());
        String region = detail.path("awsRegion").asText(event.path("region").asText(""));
        if (region.isBlank()) {
            return new Batch(List.of(), List.of(call + ": the event names no region"));
        }
        return new Batch(List.of(new ChangeEvent(eventId, WatchedCalls.service(source), eventName, region,
                detail.path("eventTime").asText(event.path("time").asText("unknown")), actor,
                detail.path("sourceIPAddress").asText("unknown"), detail.path("userAgent").asText("unknown"), resource)),
                List.of());
    }

    /**
     * An SQS batch ({@code Records} from {@code aws:sqs}) whose bodies are EventBridge API call events, as the
     * stack's change queue delivers them; empty when the records are something else.
     */
    public static Optional<Batch> fromSqs(JsonNode records) {
        if (!records.isArray() || records.isEmpty()) {
            return Optional.empty();
        }
        List<ChangeEvent> events = new ArrayList<>();
        List<String> setAside = new ArrayList<>();
        boolean anyCall = false;
        for (JsonNode record : records) {
            if (!"aws:sqs".equals(record.path("eventSource").asText(null))) {
                return Optional.empty();
            }
            String messageId = record.path("messageId").asText("unknown");
            JsonNode body;
            try {
                body = JSON.readTree(record.path("body").asText(""));
            } catch (JsonProcessingException e) {
                setAside.add("message " + messageId + ": not JSON");
                continue;
            }
            if (body == null || !body.isObject() || !isApiCall(body)) {
                setAside.add("message " + messageId + ": not an AWS API call event from CloudTrail");
                continue;
            }
            anyCall = true;
            Batch one = fromEventBridge(body);
            events.addAll(one.events());
            setAside.addAll(one.setAside());
        }
        return anyCall ? Optional.of(new Batch(events, setAside)) : Optional.empty();
    }
}
