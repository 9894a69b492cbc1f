package dev.bedrockauditor.testing;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The project's template.yaml, or another template of the repository, as data. The plain YAML reader drops
 * CloudFormation's short-form tags, so {@code !Ref AlertTopic} reads as {@code "AlertTopic"}: {@link #resolve}
 * maps such names to values. {@link #longForm} keeps them, as the intrinsic functions they stand for, for
 * what must be evaluated (conditions and rules, see {@link TemplateConditions}).
 */
public final class Template {

    public static final Path FILE = Path.of("template.yaml");

    private final Path file;
    private final JsonNode root;
    /** Read on first use: only the tests that evaluate conditions need it. */
    private JsonNode longForm;

    private Template(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static Template load() {
        return load(FILE);
    }

    /** Another template of the repository, e.g. the change forwarder. */
    /** The short-form tags CloudFormation knows; any other tag is a mistake in the template. */
    private static final Set<String> FUNCTIONS = Set.of("And", "Base64", "Cidr", "Condition", "Contains",
            "EachMemberEquals", "EachMemberIn", "Equals", "FindInMap", "GetAZs", "GetAtt", "If", "ImportValue", "Join",
            "Length", "Not", "Or", "Ref", "RefAll", "Select", "Split", "Sub", "ToJsonString", "Transform", "ValueOf",
            "ValueOfAll");

    public static Template load(Path file) {
        try {
            return new Template(file, new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /**
     * The template with every short-form tag written in its long form: {@code !Ref X} as {"Ref": "X"},
     * {@code !Condition C} as {"Condition": "C"}, {@code !GetAtt R.Arn} as {"Fn::GetAtt": ["R", "Arn"]}, and
     * {@code !Equals [a, b]} as {"Fn::Equals": [a, b]}, as CloudFormation reads them.
     */
    public synchronized JsonNode longForm() {
        if (longForm != null) {
            return longForm;
        }
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            parser.nextToken();
            longForm = longForm(parser);
            return longForm;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    private JsonNode longForm(YAMLParser parser) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        String tag = parser.getTypeId();
        JsonToken token = parser.currentToken();
        JsonNode node = switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, longForm(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(longForm(parser));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(parser.getBooleanValue());
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new AssertionError(file + ": unexpected " + token + " at " + parser.currentLocation());
        };
        if (tag == null) {
            return node;
        }
        if (!FUNCTIONS.contains(tag)) {
            throw new AssertionError(file + ": !" + tag + " is no CloudFormation function (at "
                    + parser.currentLocation() + ")");
        }
        ObjectNode function = nodes.objectNode();
        switch (tag) {
            case "Ref", "Condition" -> function.set(tag, node);
            case "GetAtt" -> {
                if (node.isTextual()) {
                    String[] parts = node.asText().split("\\.", 2);
                    function.set("Fn::GetAtt", nodes.arrayNode().add(parts[0]).add(parts.length > 1 ? parts[1] : ""));
                } else {
                    function.set("Fn::GetAtt", node);
                }
            }
            default -> function.set("Fn::" + tag, node);
        }
        return function;
    }

    public JsonNode resource(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError(file + " has no resource " + logicalId);
        }
        return resource;
    }

    public JsonNode parameter(String name) {
        JsonNode parameter = root.path("Parameters").path(name);
        if (parameter.isMissingNode()) {
            throw new AssertionError(file + " has no parameter " + name);
        }
        return parameter;
    }

    @Override
    public String toString() {
        return file.toString();
    }

    public JsonNode resources() {
        return root.path("Resources");
    }

    /** A top-level section, e.g. {@code Rules}; a missing node when the template has none. */
    public JsonNode section(String name) {
        return root.path(name);
    }

    /**
     * The function's environment as Lambda would set it: a parameter reference takes the given override or
     * the parameter's default, a resource reference takes the given physical id, anything else is literal.
     */
    public Map<String, String> environment(String functionId, Map<String, String> parameters,
            Map<String, String> physicalIds) {
        Map<String, String> environment = new LinkedHashMap<>();
        resource(functionId).path("Properties").path("Environment").path("Variables").fields().forEachRemaining(entry ->
                environment.put(entry.getKey(), resolve(entry.getValue().asText(), parameters, physicalIds)));
        return environment;
    }

    private String resolve(String value, Map<String, String> parameters, Map<String, String> physicalIds) {
        if (parameters.containsKey(value)) {
            return parameters.get(value);
        }
        JsonNode parameter = root.path("Parameters").path(value);
        if (!parameter.isMissingNode()) {
            return parameter.path("Default").asText();
        }
        if (root.path("Resources").has(value)) {
            String physical = physicalIds.get(value);
            if (physical == null) {
                throw new AssertionError("the test gives no physical id for the resource " + value);
            }
            return physical;
        }
        return value;
    }
}
