package dev.bedrockauditor.publish;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where findings go, and which Security Hub regions ("hubs") may hold findings of earlier runs.
 *
 * @param findingsRegion the one hub for every finding, if set; else each finding's own region
 * @param partitionRegions every region of the home partition: a finding may have been left in any of them
 *     (by an earlier findings region, or a fallback to an earlier home region)
 */
public record Routing(String homeRegion, Optional<String> findingsRegion, Set<String> partitionRegions) {

    public Routing {
        partitionRegions = Set.copyOf(partitionRegions);
    }

    String hubFor(String region) {
        return findingsRegion.orElse(region);
    }

    /**
     * The hubs to read before publishing, known before the audit so the reads can overlap it.
     *
     * @param adHocRegions the regions of a spot check that archives nothing else, when it is one: then only the
     *     hubs its findings may be in are read; otherwise every hub, so findings that left the scope, or copies
     *     left by another findings region, can be archived
     */
    Set<String> hubsToRead(Optional<List<String>> adHocRegions) {
        Set<String> hubs = new TreeSet<>();
        hubs.add(homeRegion);
        findingsRegion.ifPresent(hubs::add);
        hubs.addAll(adHocRegions.orElse(List.copyOf(partitionRegions)));
        return hubs;
    }
}
