package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Recording;
import dev.bedrockauditor.domain.RegionEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks an audit runs, in the order their findings are listed, and the judgement of whether a region
 * records at all, which the report's summary uses.
 */
public final class ControlSuite {

    private final List<Check> checks;
    private final DestinationJudge judge;

    private ControlSuite(List<Check> checks, DestinationJudge judge) {
        this.checks = List.copyOf(checks);
        this.judge = judge;
    }

    /**
     * The product's controls.
     *
     * @param requiredDataTypes what the data-types control requires
     * @param minLogRetentionDays the shortest log group retention the log-protection control accepts
     */
    public static ControlSuite standard(Set<DataType> requiredDataTypes, int minLogRetentionDays) {
        DestinationJudge judge = new DestinationJudge(requiredDataTypes, minLogRetentionDays);
        return new ControlSuite(List.of(
                new LoggingEnabledCheck(ControlCatalog.load(LoggingEnabledCheck.ID), judge, requiredDataTypes),
                new DataTypesCheck(ControlCatalog.load(DataTypesCheck.ID), requiredDataTypes, judge),
                new DestinationCheck(ControlCatalog.load(DestinationCheck.ID), judge),
                new EncryptionCheck(ControlCatalog.load(EncryptionCheck.ID)),
                new LogProtectionCheck(ControlCatalog.load(LogProtectionCheck.ID), minLogRetentionDays)), judge);
    }

    /**
     * These controls and the change-detection control after them, which checks in every audited region that the
     * trails and rule that bring logging changes to the auditor within minutes are in place.
     *
     * @param homeRegion where the stack's own rule lives; other regions get theirs from the change forwarder
     */
    public ControlSuite withChangeDetection(String homeRegion) {
        List<Check> all = new ArrayList<>(checks);
        all.add(new ChangeDetectionCheck(ControlCatalog.load(ChangeDetectionCheck.ID), homeRegion));
        return new ControlSuite(all, judge);
    }

    public List<Check> checks() {
        return checks;
    }

    /** The controls, in the order their findings are listed. */
    public List<ControlMetadata> metadata() {
        return checks.stream().map(Check::control).toList();
    }

    /**
     * This region's findings, in the controls' order: one per control that applies (where logging is off, only
     * the enabled control's; see {@link Check#evaluate}).
     */
    public List<Finding> evaluate(RegionEvidence evidence) {
        return checks.stream().flatMap(check -> check.evaluate(evidence).stream()).toList();
    }

    /** Whether Bedrock records this region's invocations, by the same judgement as the enabled control. */
    public Recording recording(RegionEvidence evidence) {
        return judge.recording(evidence);
    }
}
