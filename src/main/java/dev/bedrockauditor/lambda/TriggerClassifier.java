package dev.bedrockauditor.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bedrockauditor.changes.ChangeEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads the raw invocation payload into a {@link Trigger}. Pure: no I/O, never throws. Only the shapes the
 * README documents run an audit; every other payload (any JSON value, or none that parses) is ignored
 * with a description of what arrived.
 */
final class TriggerClassifier {

    /** The source of the manual-invocation example in events/. */
    static final String MANUAL_SOURCE = "bedrock-logging-auditor.manual";
    static final String SCHEDULED_SOURCE = "aws.events";
    static final String SCHEDULED_DETAIL_TYPE = "Scheduled Event";

    private static final int PREVIEW_CHARS = 60;
    private static final int FIELDS_NAMED = 5;
    private static final ObjectReader JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();

    private TriggerClassifier() {}

    static Trigger classify(byte[] payload) {
        if (isBlank(payload)) {
            // What a bare `aws lambda invoke` sends.
            return new Trigger.Manual("empty payload");
        }
        JsonNode event;
        try {
            event = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return new Trigger.Ignored("a payload of " + payload.length + " byte(s) that is not JSON, starting "
                    + preview(new String(payload, StandardCharsets.UTF_8).strip()));
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
        if (!event.isObject()) {
            return new Trigger.Ignored(describeValue(event));
        }
        return classifyObject(event);
    }

    private static Trigger classifyObject(JsonNode event) {
        if (event.isEmpty()) {
            return new Trigger.Manual("an empty JSON object");
        }
        String source = text(event, "source");
        String detailType = text(event, "detail-type");
        if (SCHEDULED_SOURCE.equals(source) && SCHEDULED_DETAIL_TYPE.equals(detailType)) {
            String rule = text(event.path("resources"), 0);
            return new Trigger.Scheduled(rule == null ? "an EventBridge schedule" : rule);
        }
        if (MANUAL_SOURCE.equals(source)) {
            return new Trigger.Manual("source " + MANUAL_SOURCE);
        }
        if (ChangeEvents.isApiCall(event)) {
            return change(ChangeEvents.fromEventBridge(event), "an API call event");
        }
        if (source != null || detailType != null) {
            return new Trigger.Ignored("an event with source " + quoted(source) + ", detail-type " + quoted(detailType));
        }
        if (event.path("Records").isArray()) {
            Optional<ChangeEvents.Batch> changes = ChangeEvents.fromSqs(event.path("Records"));
            if (changes.isPresent()) {
                return change(changes.get(), "a queue batch of " + event.path("Records").size() + " message(s)");
            }
            return new Trigger.Ignored(describeRecords(event.path("Records")));
        }
        return new Trigger.Ignored("a JSON object with field(s) " + fieldNames(event) + " but no source or detail-type"
                + " string");
    }

    /** Calls to act on run the audit; a batch whose every call was set aside (failed, not watched) does not. */
    private static Trigger change(ChangeEvents.Batch batch, String arrived) {
        if (!batch.events().isEmpty()) {
            return new Trigger.Change(batch);
        }
        return new Trigger.NoChange(arrived, batch);
    }

    /** SNS, SQS, S3, DynamoDB and Kinesis deliver a {@code Records} array, each record naming its source. */
    private static String describeRecords(JsonNode records) {
        TreeSet<String> sources = new TreeSet<>();
        for (JsonNode record : records) {
            String source = text(record, "EventSource");
            if (source == null) {
                source = text(record, "eventSource");
            }
            sources.add(source == null ? "an unnamed source" : preview(source));
        }
        String from = sources.isEmpty() ? "" : " from " + String.join(", ", sources);
        return "a Records event with " + records.size() + " record(s)" + from;
    }

    private static String describeValue(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "a JSON array with " + value.size() + " element(s)";
            case NULL -> "JSON null";
            case STRING -> "a JSON string " + preview(value.textValue());
            case NUMBER -> "a JSON number " + preview(value.asText());
            case BOOLEAN -> "a JSON boolean " + value.asText();
            default -> "a JSON " + value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        Iterator<String> fields = object.fieldNames();
        while (fields.hasNext() && names.size() < FIELDS_NAMED) {
            names.add(preview(fields.next()));
        }
        return String.join(", ", names) + (object.size() > FIELDS_NAMED ? " and " + (object.size() - FIELDS_NAMED)
                + " more" : "");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static String text(JsonNode array, int index) {
        JsonNode value = array.get(index);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }

    private static boolean isBlank(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String quoted(String value) {
        return value == null ? "absent" : preview(value);
    }

    /** Quoted, shortened, and with control characters escaped: the text goes into logs and the response. */
    static String preview(String value) {
        StringBuilder shown = new StringBuilder("'");
        value.codePoints().limit(PREVIEW_CHARS).forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        shown.append('\'');
        if (value.codePointCount(0, value.length()) > PREVIEW_CHARS) {
            shown.append("...");
        }
        return shown.toString();
    }
}
