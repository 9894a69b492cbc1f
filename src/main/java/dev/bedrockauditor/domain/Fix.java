package dev.bedrockauditor.domain;

import java.util.List;
import java.util.Objects;

/**
 * One way to repair one failure: what it does, in a sentence, and the AWS CLI commands that do it, in order,
 * for one bash session. A fix without commands is advice that no command can carry out safely (e.g. remove a
 * Deny statement someone wrote on purpose).
 *
 * @param stage when to run it: resources before the logging configuration, since Bedrock validates the
 *     destinations when the configuration is saved
 * @param brief the summary in a few words, where space is short (Security Hub's 512-character remediation)
 */
public record Fix(String summary, List<String> commands, Stage stage, String brief) {

    /** The order in which a region's fixes run. */
    public enum Stage {
        /** Creates or repairs a bucket, log group, role or key. */
        RESOURCES,
        /** Saves the region's logging configuration, which needs working destinations. */
        CONFIGURATION
    }

    public Fix {
        Objects.requireNonNull(summary, "summary");
        commands = List.copyOf(commands);
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(brief, "brief");
    }

    /** A fix whose summary is short enough to serve as its brief too. */
    public Fix(String summary, List<String> commands, Stage stage) {
        this(summary, commands, stage, summary);
    }
}
