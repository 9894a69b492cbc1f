package dev.bedrockauditor.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What publishing a report did: where findings went, what could not be delivered, and the alert.
 *
 * @param importedByHub findings imported per Security Hub region
 * @param archived findings re-imported as ARCHIVED (left the scope, or moved to another hub)
 * @param fallbacks hubs that refused findings, which then went to the home region
 * @param undelivered findings (and archive updates) no hub took; non-empty means the run failed
 */
public record PublicationReport(
        Map<String, Integer> importedByHub,
        int archived,
        List<Fallback> fallbacks,
        List<Undelivered> undelivered,
        Changes changes,
        AlertOutcome alert,
        List<String> warnings) {

    public PublicationReport {
        importedByHub = new TreeMap<>(importedByHub);
        fallbacks = List.copyOf(fallbacks);
        undelivered = List.copyOf(undelivered);
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(alert, "alert");
        warnings = List.copyOf(warnings);
    }

    /** A hub that refused its findings, and the hub that took them instead. */
    public record Fallback(String fromHub, String toHub, int findings, String reason) {}

    /** A finding no hub took, and why. */
    public record Undelivered(String findingId, String hubRegion, String reason) {}

    /** What became of the run's alert. */
    public sealed interface AlertOutcome {
        /** Sent to the topic. */
        record Sent(String messageId, String subject) implements AlertOutcome {}

        /** Not sent, on purpose: no topic, ALERT_ON says not now, or NEVER. */
        record NotSent(String why) implements AlertOutcome {}

        /** Sending failed; the run fails. */
        record Failed(String reason) implements AlertOutcome {}
    }

    public int imported() {
        return importedByHub.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Whether something could not be delivered: the run must end in an error, after delivering the rest. */
    public boolean failed() {
        return !undelivered.isEmpty() || alert instanceof AlertOutcome.Failed;
    }

    /** One line for logs and the command's stderr. */
    public String summaryLine() {
        StringBuilder line = new StringBuilder("Security Hub: ").append(imported()).append(" finding(s) imported");
        if (!importedByHub.isEmpty()) {
            line.append(" (").append(importedByHub.size()).append(" region(s))");
        }
        line.append(", ").append(archived).append(" archived");
        if (!fallbacks.isEmpty()) {
            line.append(", ").append(fallbacks.size()).append(" region(s) fell back to another hub");
        }
        if (!undelivered.isEmpty()) {
            line.append(", ").append(undelivered.size()).append(" NOT DELIVERED");
        }
        line.append(". Alert: ");
        if (alert instanceof AlertOutcome.Sent sent) {
            line.append("sent (message ").append(sent.messageId()).append(").");
        } else if (alert instanceof AlertOutcome.NotSent notSent) {
            line.append("not sent: ").append(notSent.why()).append('.');
        } else {
            line.append("FAILED: ").append(((AlertOutcome.Failed) alert).reason()).append('.');
        }
        return line.toString();
    }
}
