package dev.bedrockauditor.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What the checks see of one region: its logging state and, where logging is on, its destinations.
 *
 * @param destinations read only where logging is enabled
 * @param changeDetection read only where the change-detection control runs (CHANGE_DETECTION_RULE is set),
 *     whether or not logging is on
 */
public record RegionEvidence(String region, String accountId, String partition, LoggingState state,
        Optional<DestinationEvidence> destinations, Optional<ChangeDetectionEvidence> changeDetection) {

    public RegionEvidence {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(destinations, "destinations");
        Objects.requireNonNull(changeDetection, "changeDetection");
    }

    /** Without change detection, which runs only when a rule name is configured. */
    public RegionEvidence(String region, String accountId, String partition, LoggingState state,
            Optional<DestinationEvidence> destinations) {
        this(region, accountId, partition, state, destinations, Optional.empty());
    }
}
