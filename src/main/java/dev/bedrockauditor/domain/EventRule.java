package dev.bedrockauditor.domain;

import java.util.Objects;

/**
 * An EventBridge rule as DescribeRule reports it.
 *
 * @param state {@code ENABLED}, {@code DISABLED} or {@code ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS}, as
 *     EventBridge names it (kept as text: a state added later is reported, not rejected)
 */
public record EventRule(String arn, String state) {

    public EventRule {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(state, "state");
    }
}
