package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import java.util.List;
import java.util.Set;

/** The checks an audit runs, in the order their findings are listed. */
public record ControlSuite(List<Check> checks) {

    public ControlSuite {
        checks = List.copyOf(checks);
    }

    /** The product's controls, with the data types the data-types control requires. */
    public static ControlSuite standard(Set<DataType> requiredDataTypes) {
        return new ControlSuite(List.of(
                new LoggingEnabledCheck(ControlCatalog.load(LoggingEnabledCheck.ID)),
                new DataTypesCheck(ControlCatalog.load(DataTypesCheck.ID), requiredDataTypes)));
    }

    /** One finding per check for this region. */
    public List<Finding> evaluate(String region, LoggingState state) {
        return checks.stream().map(check -> check.evaluate(region, state)).toList();
    }
}
