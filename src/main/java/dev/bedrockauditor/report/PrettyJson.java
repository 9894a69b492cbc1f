package dev.bedrockauditor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/**
 * The reports' JSON text: indented, one document per output, and {@code "key": value} as jq, the AWS CLI and
 * the README print it (Jackson's own pretty printer writes {@code "key" : value}).
 */
final class PrettyJson {

    private static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private PrettyJson() {}

    /** The document, ending with a line break. */
    static String text(JsonNode document) {
        try {
            return WRITER.writeValueAsString(document) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
