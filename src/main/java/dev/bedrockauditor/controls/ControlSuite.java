package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.RegionEvidence;
import java.util.List;
import java.util.Set;

/** The checks an audit runs, in the order their findings are listed. */
public record ControlSuite(List<Check> checks) {

    public ControlSuite {
        checks = List.copyOf(checks);
    }

    /**
     * The product's controls.
     *
     * @param requiredDataTypes what the data-types control requires
     * @param minLogRetentionDays the shortest log group retention the log-protection control accepts
     */
    public static ControlSuite standard(Set<DataType> requiredDataTypes, int minLogRetentionDays) {
        return new ControlSuite(List.of(
                new LoggingEnabledCheck(ControlCatalog.load(LoggingEnabledCheck.ID)),
                new DataTypesCheck(ControlCatalog.load(DataTypesCheck.ID), requiredDataTypes),
                new DestinationCheck(ControlCatalog.load(DestinationCheck.ID)),
                new EncryptionCheck(ControlCatalog.load(EncryptionCheck.ID)),
                new LogProtectionCheck(ControlCatalog.load(LogProtectionCheck.ID), minLogRetentionDays)));
    }

    /** One finding per check for this region. */
    public List<Finding> evaluate(RegionEvidence evidence) {
        return checks.stream().map(check -> check.evaluate(evidence)).toList();
    }
}
