package dev.bedrockauditor.engine;

import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.LoggingConfiguration;

/**
 * Reads what a region's log destinations look like; never throws: a fact that cannot be read is
 * {@link dev.bedrockauditor.domain.Observed.Unreadable} with its reason.
 */
@FunctionalInterface
public interface DestinationSource {

    DestinationEvidence read(String region, String accountId, LoggingConfiguration configuration);
}
