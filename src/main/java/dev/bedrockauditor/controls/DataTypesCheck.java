package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where logging is on, PASSED when every required data type is delivered, else FAILED naming the others; no
 * finding where logging is off.
 */
public final class DataTypesCheck implements Check {

    public static final String ID = "bedrock-invocation-logging-data-types";

    private final ControlMetadata control;
    private final Set<DataType> required;
    private final DestinationJudge judge;

    DataTypesCheck(ControlMetadata control, Set<DataType> required, DestinationJudge judge) {
        if (required.isEmpty()) {
            throw new IllegalArgumentException("at least one data type must be required");
        }
        this.control = control;
        this.required = Set.copyOf(EnumSet.copyOf(required));
        this.judge = judge;
    }

    @Override
    public ControlMetadata control() {
        return control;
    }

    @Override
    public Optional<Finding> evaluate(RegionEvidence evidence) {
        String region = evidence.region();
        if (evidence.state() instanceof LoggingState.Enabled enabled) {
            EnumSet<DataType> missing = EnumSet.copyOf(required);
            missing.removeAll(enabled.configuration().deliveredTypes());
            if (missing.isEmpty()) {
                return Optional.of(new Finding(control, region, Status.PASSED, Severity.INFORMATIONAL,
                        "Every required data type is delivered: " + names(required) + "."));
            }
            return Optional.of(new Finding(control, region, Status.FAILED, control.severity(),
                    "Not delivered: " + names(missing) + " (required: " + names(required) + ").",
                    judge.reconfiguration(evidence), List.of()));
        }
        return LoggingEnabledCheck.withoutLogging(control, evidence);
    }

    private static String names(Set<DataType> types) {
        return EnumSet.copyOf(types).stream().map(Enum::name).collect(Collectors.joining(", "));
    }
}
