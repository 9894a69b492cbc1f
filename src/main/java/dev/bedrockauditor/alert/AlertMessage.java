package dev.bedrockauditor.alert;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An SNS message: subject (ASCII, under 100 characters, one line), plain-text body, and attributes for
 * subscription filter policies.
 */
public record AlertMessage(String subject, String body, Map<String, Attribute> attributes) {

    /** An SNS message attribute; {@code dataType} is {@code String} or {@code Number}. */
    public record Attribute(String dataType, String value) {}

    public AlertMessage {
        attributes = new LinkedHashMap<>(attributes);
    }

    /** Bytes SNS counts against its 256 KB limit: subject, body, attribute names, types and values. */
    public int sizeInBytes() {
        int size = subject.getBytes(StandardCharsets.UTF_8).length + body.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, Attribute> entry : attributes.entrySet()) {
            size += entry.getKey().getBytes(StandardCharsets.UTF_8).length
                    + entry.getValue().dataType().getBytes(StandardCharsets.UTF_8).length
                    + entry.getValue().value().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }
}
