package dev.bedrockauditor.controls;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.domain.ControlMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a control's metadata from {@code controls/<id>.json} on the classpath. */
public final class ControlCatalog {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ControlCatalog() {}

    /** Loads and checks one control's metadata; a missing or incomplete file is a packaging bug. */
    public static ControlMetadata load(String controlId) {
        String resource = "/controls/" + controlId + ".json";
        try (InputStream in = ControlCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("control metadata " + resource + " is missing from the classpath");
            }
            ControlMetadata metadata = JSON.readValue(in, ControlMetadata.class);
            if (!metadata.id().equals(controlId)) {
                throw new IllegalStateException(resource + " declares id '" + metadata.id() + "'");
            }
            requireText(resource, "label", metadata.label());
            requireText(resource, "title", metadata.title());
            requireText(resource, "description", metadata.description());
            requireText(resource, "remediationText", metadata.remediationText());
            requireText(resource, "remediationUrl", metadata.remediationUrl());
            return metadata;
        } catch (IOException e) {
            throw new UncheckedIOException("control metadata " + resource + " is not readable: " + e.getMessage(), e);
        }
    }

    private static void requireText(String resource, String field, String value) {
        if (value.isBlank()) {
            throw new IllegalStateException(resource + " has an empty " + field);
        }
    }
}
