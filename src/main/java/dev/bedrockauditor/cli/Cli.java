package dev.bedrockauditor.cli;

import dev.bedrockauditor.app.Auditor;
import dev.bedrockauditor.app.OrganizationAuditor;
import dev.bedrockauditor.config.AuditSettings;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.OrganizationReport;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.publish.Publisher;
import dev.bedrockauditor.report.AsffReport;
import dev.bedrockauditor.report.JsonReport;
import dev.bedrockauditor.report.TableReport;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/** The command: parse, audit, optionally publish, print, and return the exit status; {@link Main} adds System.exit. */
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
            if (settings.accounts().organizationMode()) {
                return runOrganization(command, settings);
            }
            try (Auditor auditor = Auditor.create(settings, new StderrLog(err))) {
                Auditor.Run run = command.publish() ? auditor.auditAndPublish(command.archiveOtherRegions())
                        : new Auditor.Run(auditor.audit(), Optional.empty());
                AuditReport report = run.report();
                Optional<PublicationReport> publication = run.published().map(Publisher.Published::report);
                out.print(switch (command.output()) {
                    case TABLE -> TableReport.render(report);
                    case JSON -> JsonReport.render(report, publication);
                    case ASFF -> AsffReport.render(run.published().map(Publisher.Published::imported)
                            .orElseGet(() -> auditor.preview(report)));
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

    private int runOrganization(CommandLine command, AuditSettings settings) {
        if (command.archiveOtherRegions()) {
            throw new ConfigurationException(CommandLine.ARCHIVE_FLAG + " is for a single account: an organization"
                    + " run limited with --regions leaves other regions' findings as they are in every account");
        }
        try (OrganizationAuditor auditor = OrganizationAuditor.create(settings, new StderrLog(err))) {
            OrganizationAuditor.Run run = auditor.run(command.publish());
            OrganizationReport report = run.report();
            out.print(switch (command.output()) {
                case TABLE -> TableReport.renderOrganization(report);
                case JSON -> JsonReport.renderOrganization(report);
                case ASFF -> AsffReport.render(run.asff());
            });
            out.flush();
            return ExitStatus.of(report);
        }
    }

}
