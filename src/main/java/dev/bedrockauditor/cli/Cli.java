package dev.bedrockauditor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.bedrockauditor.app.Auditor;
import dev.bedrockauditor.asff.SdkModelJson;
import dev.bedrockauditor.config.AuditSettings;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.publish.Publisher;
import dev.bedrockauditor.report.JsonReport;
import dev.bedrockauditor.report.TableReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/** The command: parse, audit, optionally publish, print, and return the exit status; {@link Main} adds System.exit. */
public final class Cli {

    static final String NAME = "bedrock-logging-auditor";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    public Cli(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = Map.copyOf(environment);
        this.out = out;
        this.err = err;
    }

    public int run(String... args) {
        try {
            CommandLine command = CommandLine.parse(args);
            if (command.help()) {
                out.print(CommandLine.usage());
                return ExitStatus.ALL_PASSED;
            }
            AuditSettings settings = AuditSettings.resolve(command.settings(), environment);
            try (Auditor auditor = Auditor.create(settings, new StderrLog(err))) {
                AuditReport report = auditor.audit();
                Optional<Publisher.Published> published =
                        command.publish() ? Optional.of(auditor.publish(report)) : Optional.empty();
                Optional<PublicationReport> publication = published.map(Publisher.Published::report);
                out.print(switch (command.output()) {
                    case TABLE -> TableReport.render(report);
                    case JSON -> JsonReport.render(report, publication);
                    case ASFF -> asff(published.map(Publisher.Published::imported).orElseGet(() -> auditor.preview(report)));
                });
                out.flush();
                return ExitStatus.of(report, publication);
            }
        } catch (ConfigurationException e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitStatus.NOT_COMPLETE;
        } catch (RuntimeException e) {
            err.println(NAME + ": internal error, the run did not complete: " + e);
            e.printStackTrace(err);
            return ExitStatus.NOT_COMPLETE;
        }
    }

    private static String asff(List<AwsSecurityFinding> findings) {
        ArrayNode array = JSON.createArrayNode();
        findings.forEach(finding -> array.add(SdkModelJson.toJson(finding)));
        try {
            return JSON.writeValueAsString(array) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
