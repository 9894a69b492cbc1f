package dev.bedrockauditor.regions;

import java.util.Set;

/** What account:ListRegions said about the regions the account has enabled. */
public sealed interface EnabledRegions {

    /** The regions with status ENABLED or ENABLED_BY_DEFAULT. */
    record Known(Set<String> regions) implements EnabledRegions {
        public Known {
            regions = Set.copyOf(regions);
        }
    }

    /** ListRegions was refused or failed; {@code reason} says why. */
    record Unavailable(String reason) implements EnabledRegions {}
}
