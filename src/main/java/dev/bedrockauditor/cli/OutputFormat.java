package dev.bedrockauditor.cli;

import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.report.JsonReport;
import dev.bedrockauditor.report.TableReport;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How the report is printed on stdout. */
enum OutputFormat {
    TABLE(TableReport::render),
    JSON(JsonReport::render);

    private final Function<AuditReport, String> renderer;

    OutputFormat(Function<AuditReport, String> renderer) {
        this.renderer = renderer;
    }

    String render(AuditReport report) {
        return renderer.apply(report);
    }

    static Optional<OutputFormat> parse(String value) {
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.name().equals(wanted)).findFirst();
    }

    static String acceptedNames() {
        return Arrays.stream(values()).map(format -> format.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
