package dev.bedrockauditor.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What the checks see of one region: its logging state and, where logging is on, its destinations.
 *
 * @param destinations read only where logging is enabled
 */
public record RegionEvidence(String region, String accountId, String partition, LoggingState state,
        Optional<DestinationEvidence> destinations) {

    public RegionEvidence {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(destinations, "destinations");
    }
}
