package dev.bedrockauditor.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What decides whether a change to a region's Bedrock logging reaches the auditor within minutes: CloudTrail
 * hands management events to EventBridge only where a trail logs them, and the rule of the configured name on the
 * region's default bus carries them on (the forwarder's rule to the home region, or the stack's own rule there).
 *
 * @param ruleName the rule looked for (CHANGE_DETECTION_RULE)
 * @param trails every trail DescribeTrails reports for the region, shadow trails included
 * @param rule the rule on the default bus; empty when no rule of that name exists there
 */
public record ChangeDetectionEvidence(String ruleName, Observed<List<TrailEvidence>> trails,
        Observed<Optional<EventRule>> rule) {

    public ChangeDetectionEvidence {
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(trails, "trails");
        Objects.requireNonNull(rule, "rule");
    }

    /** Nothing known, for one reason (a reader that failed, or a region that was never read). */
    public static ChangeDetectionEvidence unreadable(String ruleName, String reason) {
        return new ChangeDetectionEvidence(ruleName, Observed.unreadable(reason), Observed.unreadable(reason));
    }
}
