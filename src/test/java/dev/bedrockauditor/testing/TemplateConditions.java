package dev.bedrockauditor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A template's conditions and rules, evaluated as CloudFormation would for one set of parameter values, in one
 * partition and region. Only the functions conditions and rules of this repository use are known (Ref,
 * Condition, Fn::Equals, Fn::Not, Fn::And, Fn::Or); any other fails the test that meets it, rather than being
 * guessed at.
 */
public final class TemplateConditions {

    private final String file;
    private final JsonNode template;
    private final Map<String, String> parameters;
    private final Map<String, String> pseudoParameters;
    private final Map<String, Boolean> evaluated = new HashMap<>();

    /**
     * @param parameters the values given at deployment; a parameter not given takes its Default
     */
    public TemplateConditions(Template template, Map<String, String> parameters, String partition, String region) {
        this.file = template.toString();
        this.template = template.longForm();
        this.parameters = parameters;
        this.pseudoParameters = Map.of("AWS::Partition", partition, "AWS::Region", region);
        parameters.keySet().forEach(name -> {
            if (!this.template.path("Parameters").has(name)) {
                throw new AssertionError(file + " has no parameter " + name);
            }
        });
    }

    /** Whether the named condition holds. */
    public boolean condition(String name) {
        Boolean known = evaluated.get(name);
        if (known != null) {
            return known;
        }
        JsonNode definition = template.path("Conditions").path(name);
        if (definition.isMissingNode()) {
            throw new AssertionError(file + " has no condition " + name);
        }
        boolean holds = bool(definition);
        evaluated.put(name, holds);
        return holds;
    }

    /**
     * The rules that refuse these parameters, each with the description of its first failing assertion: a rule
     * refuses when its RuleCondition holds (or it has none) and one of its assertions does not.
     */
    public Map<String, String> refusingRules() {
        Map<String, String> refusing = new TreeMap<>();
        template.path("Rules").fields().forEachRemaining(rule -> {
            JsonNode condition = rule.getValue().path("RuleCondition");
            if (!condition.isMissingNode() && !bool(condition)) {
                return;
            }
            for (JsonNode assertion : rule.getValue().path("Assertions")) {
                if (!bool(assertion.path("Assert"))) {
                    refusing.put(rule.getKey(), assertion.path("AssertDescription").asText());
                    return;
                }
            }
        });
        return refusing;
    }

    private boolean bool(JsonNode node) {
        Object value = value(node);
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw new AssertionError(file + ": expected a condition, found " + node);
    }

    private Object value(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (!node.isObject() || node.size() != 1) {
            throw new AssertionError(file + ": not a value or a function: " + node);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        Map.Entry<String, JsonNode> function = fields.next();
        JsonNode argument = function.getValue();
        return switch (function.getKey()) {
            case "Ref" -> ref(argument.asText());
            case "Condition" -> condition(argument.asText());
            case "Fn::Equals" -> {
                List<JsonNode> operands = operands(function.getKey(), argument, 2, 2);
                yield text(operands.get(0)).equals(text(operands.get(1)));
            }
            case "Fn::Not" -> !bool(operands(function.getKey(), argument, 1, 1).get(0));
            case "Fn::And" -> operands(function.getKey(), argument, 2, 10).stream().allMatch(this::bool);
            case "Fn::Or" -> operands(function.getKey(), argument, 2, 10).stream().anyMatch(this::bool);
            default -> throw new AssertionError(file + ": " + function.getKey() + " is not evaluated here: " + node);
        };
    }

    private String text(JsonNode node) {
        Object value = value(node);
        return value instanceof Boolean ? value.toString() : (String) value;
    }

    private String ref(String name) {
        if (pseudoParameters.containsKey(name)) {
            return pseudoParameters.get(name);
        }
        JsonNode parameter = template.path("Parameters").path(name);
        if (parameter.isMissingNode()) {
            throw new AssertionError(file + ": a condition or rule refers to " + name + ", which is no parameter");
        }
        return parameters.getOrDefault(name, parameter.path("Default").asText());
    }

    /** A function's operands, as many as CloudFormation allows it (Fn::And and Fn::Or take 2 to 10). */
    private List<JsonNode> operands(String function, JsonNode argument, int least, int most) {
        if (!argument.isArray() || argument.size() < least || argument.size() > most) {
            throw new AssertionError(file + ": " + function + " takes a list of " + least
                    + (least == most ? "" : " to " + most) + " operands, not " + argument);
        }
        List<JsonNode> operands = new ArrayList<>();
        argument.forEach(operands::add);
        return operands;
    }
}
