package dev.bedrockauditor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * EventBridge's event pattern matching, as its user guide specifies it ("Creating event patterns",
 * "Content filtering"), for testing the templates' rules offline: moto does not implement TestEventPattern.
 * A pattern field matches when the event has the field and its value (or, for an array, any element)
 * matches any value listed; nested objects match field by field; every field of the pattern must match, and
 * {@code $or} needs one of its alternatives. Matchers: exact values (strings, numbers compared as numbers,
 * booleans, null), {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code anything-but} (a value,
 * a list, or a prefix/suffix), {@code exists} and {@code wildcard}. Any other matcher throws, so a pattern
 * this class cannot judge fails the test instead of passing it.
 */
public final class EventPatternMatcher {

    private EventPatternMatcher() {}

    public static boolean matches(JsonNode pattern, JsonNode event) {
        if (!pattern.isObject()) {
            throw new IllegalArgumentException("a pattern is a JSON object: " + pattern);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode alternative : field.getValue()) {
                    any |= matches(alternative, event);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            JsonNode value = event == null ? null : event.get(field.getKey());
            if (field.getValue().isObject()) {
                if (value == null || !value.isObject() || !matches(field.getValue(), value)) {
                    return false;
                }
            } else if (field.getValue().isArray()) {
                if (!anyMatcher(field.getValue(), value)) {
                    return false;
                }
            } else {
                throw new IllegalArgumentException("pattern field " + field.getKey() + " must hold an object or an"
                        + " array: " + field.getValue());
            }
        }
        return true;
    }

    private static boolean anyMatcher(JsonNode matchers, JsonNode value) {
        for (JsonNode matcher : matchers) {
            if (matcher.isObject() && matcher.has("exists")) {
                // exists looks at leaf values only: a field holding an object does not count.
                boolean present = value != null && !value.isObject();
                if (present == matcher.get("exists").asBoolean()) {
                    return true;
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (one(matcher, element)) {
                        return true;
                    }
                }
            } else if (one(matcher, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean one(JsonNode matcher, JsonNode value) {
        if (!matcher.isObject()) {
            return equal(matcher, value);
        }
        if (matcher.size() != 1) {
            throw new IllegalArgumentException("a matcher has one key: " + matcher);
        }
        String kind = matcher.fieldNames().next();
        JsonNode argument = matcher.get(kind);
        String text = value.isTextual() ? value.textValue() : null;
        return switch (kind) {
            case "prefix" -> text != null && (argument.isObject()
                    ? text.toLowerCase(Locale.ROOT).startsWith(argument.get("equals-ignore-case").asText().toLowerCase(Locale.ROOT))
                    : text.startsWith(argument.asText()));
            case "suffix" -> text != null && (argument.isObject()
                    ? text.toLowerCase(Locale.ROOT).endsWith(argument.get("equals-ignore-case").asText().toLowerCase(Locale.ROOT))
                    : text.endsWith(argument.asText()));
            case "equals-ignore-case" -> text != null && text.equalsIgnoreCase(argument.asText());
            case "wildcard" -> text != null && text.matches(wildcard(argument.asText()));
            case "anything-but" -> !anythingBut(argument, value);
            default -> throw new IllegalArgumentException("matcher " + kind + " is not supported by this test matcher");
        };
    }

    /** Whether the value is among what anything-but excludes. */
    private static boolean anythingBut(JsonNode excluded, JsonNode value) {
        if (excluded.isArray()) {
            for (JsonNode item : excluded) {
                if (equal(item, value)) {
                    return true;
                }
            }
            return false;
        }
        if (excluded.isObject()) {
            return one(excluded, value);
        }
        return equal(excluded, value);
    }

    private static boolean equal(JsonNode expected, JsonNode value) {
        if (expected.isNumber() && value.isNumber()) {
            return expected.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return expected.equals(value);
    }

    private static String wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return regex.toString();
    }
}
