package dev.bedrockauditor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's template.yaml, or another template of the repository, as data. The YAML reader drops
 * CloudFormation's short-form tags, so {@code !Ref AlertTopic} reads as {@code "AlertTopic"}: {@link #resolve}
 * maps such names to values.
 */
public final class Template {

    public static final Path FILE = Path.of("template.yaml");

    private final Path file;
    private final JsonNode root;

    private Template(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static Template load() {
        return load(FILE);
    }

    /** Another template of the repository, e.g. the change forwarder. */
    public static Template load(Path file) {
        try {
            return new Template(file, new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
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
