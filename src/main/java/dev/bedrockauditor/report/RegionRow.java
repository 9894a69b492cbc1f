package dev.bedrockauditor.report;

import dev.bedrockauditor.domain.Finding;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One region's findings, ordered worst first, so that a region reads as one line led by its worst control.
 *
 * @param findings the region's findings, worst first (status, then severity, then control order)
 */
public record RegionRow(String region, List<Finding> findings) {

    /** Worse status first, then higher severity; ties keep the controls' order. */
    public static final Comparator<Finding> WORST_FIRST = Comparator
            .comparingInt((Finding finding) -> finding.status().rank())
            .thenComparing(Finding::severity)
            .reversed();

    public RegionRow {
        findings = findings.stream().sorted(WORST_FIRST).toList();
    }

    public Finding worst() {
        return findings.get(0);
    }

    /** One row per region, worst region first, then by region name. */
    public static List<RegionRow> of(List<Finding> findings) {
        Map<String, List<Finding>> byRegion = findings.stream()
                .collect(Collectors.groupingBy(Finding::region, LinkedHashMap::new, Collectors.toList()));
        return byRegion.entrySet().stream()
                .map(entry -> new RegionRow(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparing(RegionRow::worst, WORST_FIRST).thenComparing(RegionRow::region))
                .toList();
    }
}
