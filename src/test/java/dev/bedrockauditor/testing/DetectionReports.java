package dev.bedrockauditor.testing;

import dev.bedrockauditor.controls.ControlSuite;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.ChangeDetectionEvidence;
import dev.bedrockauditor.domain.EventRule;
import dev.bedrockauditor.domain.EventSelectors;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.Recording;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.RegionScope;
import dev.bedrockauditor.domain.TrailEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Audit reports that include the change-detection control (CHANGE_DETECTION_RULE set, home region us-east-1),
 * built like {@link Reports} with healthy destinations, for tests of what consumes a WARNING.
 */
public final class DetectionReports {

    public static final String RULE = "bedrock-logging-auditor-changes";
    public static final ControlSuite CONTROLS = Reports.CONTROLS.withChangeDetection("us-east-1");

    private DetectionReports() {}

    /** A multi-Region trail of the account logging every management event, and the rule in the given state. */
    public static ChangeDetectionEvidence detection(String region, String ruleState) {
        TrailEvidence trail = new TrailEvidence("main", "arn:aws:cloudtrail:us-east-1:" + Reports.ACCOUNT + ":trail/main",
                "us-east-1", true, false, Observed.known(true),
                Observed.known(new EventSelectors(List.of(), List.of())));
        return new ChangeDetectionEvidence(RULE, Observed.known(List.of(trail)), Observed.known(Optional.of(
                new EventRule("arn:aws:events:" + region + ":" + Reports.ACCOUNT + ":rule/" + RULE, ruleState))));
    }

    /** Each region with its logging state and its rule's state (ENABLED passes, DISABLED warns). */
    public static AuditReport of(Map<String, LoggingState> states, Map<String, String> ruleStates) {
        TreeMap<String, LoggingState> sorted = new TreeMap<>(states);
        TreeMap<String, Recording> recording = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        sorted.forEach((region, state) -> {
            RegionEvidence base = Reports.evidence(region, state);
            RegionEvidence evidence = new RegionEvidence(region, base.accountId(), base.partition(), state,
                    base.destinations(), Optional.of(detection(region, ruleStates.getOrDefault(region, "ENABLED"))));
            findings.addAll(CONTROLS.evaluate(evidence));
            recording.put(region, CONTROLS.recording(evidence));
        });
        return new AuditReport(Reports.ACCOUNT, "aws", "us-east-1", Reports.STARTED, Reports.FINISHED,
                new RegionScope(List.copyOf(sorted.keySet()), RegionScope.Source.EXPLICIT), sorted, recording,
                CONTROLS.metadata(), findings, List.of());
    }
}
