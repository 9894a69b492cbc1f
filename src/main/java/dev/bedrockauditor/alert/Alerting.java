package dev.bedrockauditor.alert;

import dev.bedrockauditor.config.AlertOn;
import dev.bedrockauditor.config.TopicArn;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.PublicationReport.AlertOutcome;
import dev.bedrockauditor.engine.AuditLog;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The alert policy, in one place for every kind of run: whether this run speaks (ALERT_ON, a known delivery
 * problem, a broken topic), what it says, and sending it. A run whose alert fails is not acknowledged, so its
 * changes are alerted again by the next run until an alert about them is delivered.
 */
public final class Alerting {

    private final AlertSender sender;
    private final Optional<TopicArn> topic;
    private final AlertOn alertOn;
    private final AuditLog log;

    public Alerting(AlertSender sender, Optional<TopicArn> topic, AlertOn alertOn, AuditLog log) {
        this.sender = sender;
        this.topic = topic;
        this.alertOn = alertOn;
        this.log = log;
    }

    /**
     * Checks the topic this run would alert to; empty when it is usable or no topic will be used.
     *
     * @return the reason, naming the topic, when it cannot be used
     */
    public Optional<String> checkTopic() {
        if (topic.isEmpty() || alertOn == AlertOn.NEVER) {
            return Optional.empty();
        }
        try {
            sender.check(topic.get());
            return Optional.empty();
        } catch (AlertSender.AlertFailedException e) {
            log.warn(e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Sends this run's alert if the policy says so.
     *
     * @param changes what changed since the state the operator last knew of
     * @param topicProblem what {@link #checkTopic()} found
     */
    public AlertOutcome alert(AuditReport report, Changes changes, AlertContext context, Optional<String> topicProblem) {
        return send(() -> reasonToStayQuiet(report, changes, context),
                () -> AlertFormatter.format(report, changes, context), topicProblem);
    }

    /**
     * Sends an organization run's one alert, about every account, if the policy says so: as for one account,
     * with "failed" meaning any finding to act on or any account not audited, and "changed" any account's change.
     */
    public AlertOutcome alertOrganization(OrganizationAlert alert, Optional<String> topicProblem) {
        return send(() -> {
            if (alert.anyUndelivered() || alertOn == AlertOn.ALWAYS) {
                return Optional.empty();
            }
            if (alertOn == AlertOn.FAILURES) {
                return alert.anythingToActOn() ? Optional.empty()
                        : Optional.of("ALERT_ON is FAILURES and nothing failed in any account");
            }
            return alert.anyChange() ? Optional.empty()
                    : Optional.of("ALERT_ON is CHANGES and nothing changed in any account");
        }, () -> AlertFormatter.formatOrganization(alert), topicProblem);
    }

    private AlertOutcome send(Supplier<Optional<String>> quietReason, Supplier<AlertMessage> message,
            Optional<String> topicProblem) {
        if (topic.isEmpty()) {
            return new AlertOutcome.NoTopic();
        }
        if (alertOn == AlertOn.NEVER) {
            return new AlertOutcome.NotSent("ALERT_ON is NEVER");
        }
        if (topicProblem.isPresent()) {
            return new AlertOutcome.Failed(topicProblem.get());
        }
        Optional<String> quiet = quietReason.get();
        if (quiet.isPresent()) {
            return new AlertOutcome.NotSent(quiet.get());
        }
        AlertMessage alert = message.get();
        try {
            return new AlertOutcome.Sent(sender.send(topic.get(), alert), alert.subject());
        } catch (AlertSender.AlertFailedException e) {
            log.warn("the alert could not be sent to " + topic.get().arn() + ": " + e.getMessage()
                    + "; its changes will be alerted by the next run");
            return new AlertOutcome.Failed(e.getMessage());
        }
    }

    /** Empty when this run should alert; a known delivery problem always does. */
    private Optional<String> reasonToStayQuiet(AuditReport report, Changes changes, AlertContext context) {
        if (!context.undelivered().isEmpty() || alertOn == AlertOn.ALWAYS) {
            return Optional.empty();
        }
        if (alertOn == AlertOn.FAILURES) {
            return report.findings().stream().anyMatch(Finding::needsAttention)
                    ? Optional.empty()
                    : Optional.of("ALERT_ON is FAILURES and nothing failed");
        }
        return changes.any() ? Optional.empty() : Optional.of("ALERT_ON is CHANGES and nothing changed");
    }
}
