package dev.bedrockauditor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one audit run learned and concluded.
 *
 * @param states each audited region's configuration as Bedrock reported it
 * @param recording whether each audited region really records, judged from its configuration and destinations
 * @param controls the controls the audit ran, in the order their findings are listed
 * @param findings at most one per region and control: a control that does not apply in a region (one that
 *     needs logging on, where it is off) has none there
 */
public record AuditReport(
        String accountId,
        String partition,
        String homeRegion,
        Instant startedAt,
        Instant finishedAt,
        RegionScope scope,
        SortedMap<String, LoggingState> states,
        SortedMap<String, Recording> recording,
        List<ControlMetadata> controls,
        List<Finding> findings,
        List<String> warnings) {

    public AuditReport {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(homeRegion, "homeRegion");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(scope, "scope");
        states = new TreeMap<>(states);
        recording = new TreeMap<>(recording);
        if (!recording.keySet().equals(states.keySet())) {
            throw new IllegalArgumentException("every audited region needs a recording verdict");
        }
        controls = List.copyOf(controls);
        findings = List.copyOf(findings);
        Set<FindingKey> keys = new HashSet<>();
        for (Finding finding : findings) {
            if (!controls.contains(finding.control())) {
                throw new IllegalArgumentException("a finding of " + finding.controlId() + ", which the audit did not run");
            }
            if (!keys.add(new FindingKey(finding.region(), finding.controlId()))) {
                throw new IllegalArgumentException("two findings of " + finding.controlId() + " in " + finding.region());
            }
        }
        warnings = List.copyOf(warnings);
    }

    /** Counts and region lists derived from the findings and states. */
    public Summary summary() {
        Map<Status, Integer> byStatus = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            byStatus.put(status, 0);
        }
        findings.forEach(finding -> byStatus.merge(finding.status(), 1, Integer::sum));
        List<String> logging = new ArrayList<>();
        List<String> notLogging = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        recording.forEach((region, verdict) -> {
            switch (verdict) {
                case RECORDING -> logging.add(region);
                case NOT_RECORDING -> notLogging.add(region);
                case UNKNOWN -> notChecked.add(region);
            }
        });
        List<String> withFailures = findings.stream()
                .filter(finding -> finding.status() == Status.FAILED)
                .map(Finding::region)
                .distinct()
                .sorted()
                .toList();
        return new Summary(states.size(), byStatus, logging, notLogging, notChecked, withFailures);
    }

    /**
     * Regions with a WARNING finding and no FAILED one: something to act on that is not a failure (the change
     * detection that would bring the next change within minutes is incomplete there).
     */
    public List<String> regionsWithWarningsOnly() {
        List<String> failing = summary().regionsWithFailures();
        return findings.stream()
                .filter(finding -> finding.status() == Status.WARNING && !failing.contains(finding.region()))
                .map(Finding::region)
                .distinct()
                .sorted()
                .toList();
    }

    /**
     * Counts and region lists derived from a report.
     *
     * @param regionsLogging regions where Bedrock records invocations: logging is on and a destination works
     * @param regionsNotLogging regions where logging is off, or every destination it names is broken
     * @param regionsNotChecked regions where that could not be told (configuration or destinations unreadable)
     * @param regionsWithFailures regions with at least one FAILED finding, whatever the control
     */
    public record Summary(
            int regions,
            Map<Status, Integer> findingsByStatus,
            List<String> regionsLogging,
            List<String> regionsNotLogging,
            List<String> regionsNotChecked,
            List<String> regionsWithFailures) {

        public Summary {
            findingsByStatus = Map.copyOf(findingsByStatus);
            regionsLogging = List.copyOf(regionsLogging);
            regionsNotLogging = List.copyOf(regionsNotLogging);
            regionsNotChecked = List.copyOf(regionsNotChecked);
            regionsWithFailures = List.copyOf(regionsWithFailures);
        }

        /** "1 region" or "4 regions", for sentences. */
        public String regionCount() {
            return regions == 1 ? "1 region" : regions + " regions";
        }

        public boolean allPassed() {
            return findingsByStatus.entrySet().stream()
                    .allMatch(entry -> entry.getKey() == Status.PASSED || entry.getValue() == 0);
        }
    }
}
