package dev.bedrockauditor.domain;

import java.util.Objects;

/**
 * One CloudTrail trail that DescribeTrails reports for an audited region (shadow trails included: a multi-Region
 * trail homed elsewhere, or an organization trail of the management account).
 *
 * @param homeRegion where the trail was created, where its settings are read
 * @param logging whether the trail is logging in the audited region (GetTrailStatus IsLogging)
 * @param selectors which events it logs (GetEventSelectors)
 */
public record TrailEvidence(String name, String arn, String homeRegion, boolean multiRegion, boolean organization,
        Observed<Boolean> logging, Observed<EventSelectors> selectors) {

    public TrailEvidence {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(homeRegion, "homeRegion");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(selectors, "selectors");
    }

    /** Whether the trail records events of the region: one of its own, or a multi-Region trail. */
    public boolean appliesTo(String region) {
        return multiRegion || homeRegion.equals(region);
    }

    /** The account that owns the trail, from its ARN: an organization trail belongs to the management account. */
    public String ownerAccount() {
        String[] parts = arn.split(":", 6);
        return parts.length > 4 ? parts[4] : "";
    }

    /** For details: its name, and what kind of trail it is. */
    public String describe() {
        String kind = organization ? "organization trail" : multiRegion ? "multi-Region trail" : "trail";
        return kind + " " + name;
    }
}
