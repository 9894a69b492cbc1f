package dev.bedrockauditor.policies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Evaluates a policy document for one request, with the parts of IAM's logic real bucket, trust, key and
 * identity policies use: Principal/NotPrincipal (none in an identity policy), Action/NotAction and Resource/NotResource with wildcards, string, ARN, Bool and
 * Null conditions (IfExists, ForAnyValue/ForAllValues treated alike) on the context keys the request carries,
 * and an explicit Deny over any Allow. A condition on another key cannot be decided here: an Allow is
 * assumed to hold it and a Deny assumed not to, and both are reported as notes rather than guessed silently.
 */
final class PolicyMatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyMatcher() {}

    private enum Truth { TRUE, FALSE, UNKNOWN }

    /** How close an Allow came to granting the request, in increasing order. */
    private enum Miss { ACTION, RESOURCE, CONDITION }

    static PolicyVerdict evaluate(String policyJson, PolicyRequest request) {
        JsonNode policy;
        try {
            policy = JSON.readTree(policyJson);
        } catch (JsonProcessingException e) {
            return new PolicyVerdict.Unreadable("the policy is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode statements = policy == null ? null : policy.get("Statement");
        if (statements == null || !(statements.isArray() || statements.isObject())) {
            return new PolicyVerdict.Unreadable("the document has no Statement, so it is not a policy");
        }
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else {
            list.add(statements);
        }
        List<String> notes = new ArrayList<>();
        Optional<String> allowedBy = Optional.empty();
        Refusal closest = new Refusal();
        for (int i = 0; i < list.size(); i++) {
            JsonNode statement = list.get(i);
            String name = statement.hasNonNull("Sid") && !statement.get("Sid").asText().isBlank()
                    ? "statement " + statement.get("Sid").asText() : "statement " + (i + 1);
            boolean deny = "Deny".equals(statement.path("Effect").asText());
            if (!principalCovers(statement, request, deny)) {
                continue;
            }
            if (!listCovers(statement, "Action", "NotAction", request.action(), false)) {
                closest.consider(deny, Miss.ACTION, request.identityPolicy()
                        ? name + " does not allow " + request.action()
                        : name + " names " + request.service() + " but not " + request.action());
                continue;
            }
            if (request.resource().isPresent()
                    && !listCovers(statement, "Resource", "NotResource", request.resource().get(), true)) {
                closest.consider(deny, Miss.RESOURCE,
                        name + " allows " + request.action() + " only on " + values(statement, "Resource"));
                continue;
            }
            List<String> unknown = new ArrayList<>();
            Optional<String> mismatch = conditions(statement.path("Condition"), request.context(), unknown);
            if (deny) {
                if (mismatch.isEmpty() && unknown.isEmpty()) {
                    return new PolicyVerdict.Refused(name + " denies " + request.description(), notes, true);
                }
                if (mismatch.isEmpty()) {
                    notes.add("Deny " + name + " has conditions not evaluated (" + String.join(", ", unknown)
                            + "); assumed not to apply");
                }
                continue;
            }
            if (mismatch.isPresent()) {
                closest.consider(false, Miss.CONDITION, name + " allows " + request.service() + " only " + mismatch.get());
                continue;
            }
            if (!unknown.isEmpty()) {
                notes.add(name + " has conditions not evaluated (" + String.join(", ", unknown) + ")");
            }
            if (allowedBy.isEmpty()) {
                allowedBy = Optional.of(name);
            }
        }
        if (allowedBy.isPresent()) {
            String how = request.resource().isPresent()
                    ? allowedBy.get() + " allows " + request.service() + " " + request.action()
                    : allowedBy.get() + " lets " + request.service() + " assume the role";
            return new PolicyVerdict.Allowed(how, notes);
        }
        return new PolicyVerdict.Refused(closest.reason.orElse("no statement allows " + request.description()), notes);
    }

    /** The Allow that came closest to granting the request, which best explains a refusal. */
    private static final class Refusal {
        private Miss rank;
        private Optional<String> reason = Optional.empty();

        void consider(boolean deny, Miss miss, String why) {
            if (!deny && (rank == null || miss.ordinal() > rank.ordinal())) {
                rank = miss;
                reason = Optional.of(why);
            }
        }
    }

    private static boolean principalCovers(JsonNode statement, PolicyRequest request, boolean deny) {
        if (request.identityPolicy()) {
            // An identity policy's statements apply to whoever holds the policy, and name no principal.
            return !statement.has("Principal") && !statement.has("NotPrincipal");
        }
        String service = request.service();
        if (statement.has("NotPrincipal")) {
            // Allow with NotPrincipal grants almost everyone: too broad to count as the grant Bedrock needs.
            // Deny with NotPrincipal denies everyone but the named principals.
            return deny && !names(statement.get("NotPrincipal"), service);
        }
        JsonNode principal = statement.get("Principal");
        return principal != null && names(principal, service);
    }

    /** Whether a principal element covers the service: "*", AWS "*", or the service by name. */
    private static boolean names(JsonNode principal, String service) {
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        for (String aws : texts(principal.get("AWS"))) {
            if (aws.equals("*")) {
                return true;
            }
        }
        return texts(principal.get("Service")).contains(service);
    }

    private static boolean listCovers(JsonNode statement, String field, String notField, String value, boolean caseSensitive) {
        if (statement.has(field)) {
            return texts(statement.get(field)).stream().anyMatch(pattern -> glob(pattern, value, caseSensitive));
        }
        if (statement.has(notField)) {
            return texts(statement.get(notField)).stream().noneMatch(pattern -> glob(pattern, value, caseSensitive));
        }
        return false;
    }

    /**
     * All condition blocks must hold. Returns the first that names other values ("for aws:SourceAccount
     * 999..., not 111..."); keys the request does not carry go to {@code unknown}.
     */
    private static Optional<String> conditions(JsonNode block, Map<String, String> context, List<String> unknown) {
        if (!block.isObject()) {
            return Optional.empty();
        }
        for (Map.Entry<String, JsonNode> operator : iterable(block)) {
            for (Map.Entry<String, JsonNode> condition : iterable(operator.getValue())) {
                String key = condition.getKey().toLowerCase(Locale.ROOT);
                String value = context.get(key);
                List<String> expected = texts(condition.getValue());
                Truth truth = value == null ? Truth.UNKNOWN : test(operator.getKey(), value, expected);
                if (truth == Truth.UNKNOWN) {
                    unknown.add(operator.getKey() + " on " + condition.getKey());
                } else if (truth == Truth.FALSE) {
                    return Optional.of("for " + condition.getKey() + " " + String.join(", ", expected) + ", not " + value);
                }
            }
        }
        return Optional.empty();
    }

    private static Truth test(String operator, String value, List<String> expected) {
        String op = operator.replaceFirst("^For(Any|All)Value:", "");
        if (op.endsWith("IfExists")) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        boolean negated = op.contains("Not");
        String base = op.replace("Not", "");
        boolean matches;
        switch (base) {
            case "StringEquals" -> matches = expected.contains(value);
            case "StringEqualsIgnoreCase" -> matches = expected.stream().anyMatch(e -> e.equalsIgnoreCase(value));
            case "StringLike", "ArnLike", "ArnEquals" -> matches = expected.stream().anyMatch(e -> glob(e, value, true));
            case "Bool" -> matches = expected.stream().anyMatch(e -> e.equalsIgnoreCase(value));
            case "Null" -> matches = expected.stream().anyMatch(e -> e.equalsIgnoreCase("false"));
            default -> {
                return Truth.UNKNOWN;
            }
        }
        return matches != negated ? Truth.TRUE : Truth.FALSE;
    }

    /** IAM wildcards: {@code *} any run of characters, {@code ?} one character. */
    static boolean glob(String pattern, String value, boolean caseSensitive) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = caseSensitive ? Pattern.DOTALL : Pattern.DOTALL | Pattern.CASE_INSENSITIVE;
        return Pattern.compile(regex.toString(), flags).matcher(value).matches();
    }

    private static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(item -> values.add(item.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    private static String values(JsonNode statement, String field) {
        return String.join(", ", texts(statement.get(field)));
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
    }
}
