package dev.bedrockauditor.domain;

import java.util.List;
import java.util.Objects;

/** The regions one audit covers and how they were chosen. */
public record RegionScope(List<String> regions, Source source) {

    /** How the regions were chosen. */
    public enum Source {
        /** Bedrock regions that account:ListRegions reports enabled for the account. */
        ENABLED_REGIONS("Bedrock regions enabled for the account (account:ListRegions)"),
        /** account:ListRegions failed, so every Bedrock region of the partition, opt-in ones included. */
        ALL_BEDROCK_REGIONS("every Bedrock region of the partition (account:ListRegions was not available)"),
        /** Named by the user with --regions or AUDIT_REGIONS. */
        EXPLICIT("the regions given with --regions or AUDIT_REGIONS"),
        /** The regions that management calls just changed (or may have): a spot check, like EXPLICIT. */
        CHANGED("the regions the change events concern");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public RegionScope {
        regions = List.copyOf(regions);
        Objects.requireNonNull(source, "source");
    }

    /**
     * Whether this scope is known to be the account's whole scope, so that a region outside it has really
     * left. A scope guessed because discovery failed is not: nothing may be concluded from its absences.
     */
    public boolean authoritative() {
        return source != Source.ALL_BEDROCK_REGIONS;
    }
}
