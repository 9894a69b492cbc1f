package dev.bedrockauditor.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What publishing a report did: where findings went, what could not be delivered, and the alert.
 *
 * @param importedByHub findings imported per Security Hub region
 * @param archived findings re-imported as ARCHIVED (moved to another hub, no longer found in a region audited, or
 *     left the scope)
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

    /** What became of the run's alert; {@link #status()} and {@link #describe()} are how every output shows it. */
    public sealed interface AlertOutcome {

        /** {@code SENT}, {@code NOT_SENT} or {@code FAILED}. */
        String status();

        /** The message id when sent, else why not. */
        String detail();

        /** Whether the operator knows of this run's changes: told, or deliberately not told (ALERT_ON). */
        default boolean acknowledged() {
            return true;
        }

        /** One phrase for logs, the command's stderr and the Lambda's summary. */
        default String describe() {
            return status() + (this instanceof Sent ? " (message " + detail() + ")" : ": " + detail());
        }

        /** The outcome as named fields, for structured output: status, then messageId and subject, or reason. */
        default Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("status", status());
            if (this instanceof Sent sent) {
                fields.put("messageId", sent.messageId());
                fields.put("subject", sent.subject());
            } else {
                fields.put("reason", detail());
            }
            return fields;
        }

        /** Sent to the topic. */
        record Sent(String messageId, String subject) implements AlertOutcome {
            @Override
            public String status() {
                return "SENT";
            }

            @Override
            public String detail() {
                return messageId;
            }
        }

        /** Not sent, on purpose: ALERT_ON says not now, or NEVER; {@code detail} says which. */
        record NotSent(String detail) implements AlertOutcome {
            @Override
            public String status() {
                return "NOT_SENT";
            }
        }

        /**
         * Not sent, since no topic is configured. Nobody was told, so the changes stay to be alerted by the first run
         * that has a topic: a spot check from a laptop (--publish without --topic-arn) must not use up the changes
         * that the deployed function, which has one, is there to alert.
         */
        record NoTopic() implements AlertOutcome {
            @Override
            public String status() {
                return "NOT_SENT";
            }

            @Override
            public String detail() {
                return "no alert topic is configured (ALERT_TOPIC_ARN or --topic-arn); its changes wait for a run"
                        + " that has one";
            }

            @Override
            public boolean acknowledged() {
                return false;
            }
        }

        /** The alert (or the topic it needs) failed: the run fails, and its changes are alerted next run. */
        record Failed(String detail) implements AlertOutcome {
            @Override
            public String status() {
                return "FAILED";
            }

            @Override
            public boolean acknowledged() {
                return false;
            }
        }
    }

    public int imported() {
        return importedByHub.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Whether something could not be delivered: the run must end in an error, after delivering the rest. */
    public boolean failed() {
        return !undelivered.isEmpty() || alert instanceof AlertOutcome.Failed;
    }

    /** What was not delivered, in a phrase for the run's error; empty when nothing failed. */
    public String whatFailed() {
        List<String> failures = new java.util.ArrayList<>();
        if (!undelivered.isEmpty()) {
            failures.add(undelivered.size() + " finding(s) not delivered to Security Hub CSPM (first: "
                    + undelivered.get(0).findingId() + " in " + undelivered.get(0).hubRegion() + ": "
                    + undelivered.get(0).reason() + ")");
        }
        if (alert instanceof AlertOutcome.Failed failed) {
            failures.add("the alert was not delivered (" + failed.detail() + ")");
        }
        return String.join(", and ", failures);
    }

    /** One line for logs and the command's stderr. */
    public String summaryLine() {
        StringBuilder line = new StringBuilder("Security Hub CSPM: ").append(imported()).append(" finding(s) imported");
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
        line.append(". Alert: ").append(alert.describe()).append('.');
        return line.toString();
    }
}
