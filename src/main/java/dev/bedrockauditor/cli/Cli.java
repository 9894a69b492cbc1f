package dev.bedrockauditor.cli;

import dev.bedrockauditor.app.Auditor;
import dev.bedrockauditor.config.AuditSettings;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.domain.AuditReport;
import java.io.PrintStream;
import java.util.Map;

/** The command: parse, audit, print, and return the exit status; {@link Main} only adds System.exit. */
public final class Cli {

    static final String NAME = "bedrock-logging-auditor";

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
                out.print(command.output().render(report));
                out.flush();
                return ExitStatus.of(report);
            }
        } catch (ConfigurationException e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitStatus.NOT_COMPLETE;
        } catch (RuntimeException e) {
            err.println(NAME + ": internal error, the audit did not complete: " + e);
            e.printStackTrace(err);
            return ExitStatus.NOT_COMPLETE;
        }
    }
}
