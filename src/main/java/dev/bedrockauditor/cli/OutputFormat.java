package dev.bedrockauditor.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the report is printed on stdout. */
enum OutputFormat {
    /** A table for people. */
    TABLE,
    /** One JSON document with the findings, the summary and, with --publish, what was published. */
    JSON,
    /** The findings in ASFF, as {@code aws securityhub batch-import-findings --findings file://...} takes them. */
    ASFF;

    static Optional<OutputFormat> parse(String value) {
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.name().equals(wanted)).findFirst();
    }

    static String acceptedNames() {
        return Arrays.stream(values()).map(format -> format.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
