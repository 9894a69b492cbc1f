package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingConfiguration;
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
 * finding where logging is off. A binary type (image, video, audio) counts only where an S3 bucket takes it,
 * since CloudWatch Logs cannot.
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
            LoggingConfiguration configuration = enabled.configuration();
            EnumSet<DataType> missing = EnumSet.copyOf(required);
            missing.removeAll(configuration.deliverableTypes());
            EnumSet<DataType> stranded = EnumSet.copyOf(missing);
            stranded.retainAll(configuration.deliveredTypes());
            // Turned on, but with nowhere to go: CloudWatch Logs takes no binary data.
            String strandedWhy = stranded.isEmpty() ? "" : " " + names(stranded) + (stranded.size() == 1 ? " is" : " are")
                    + " turned on, but Bedrock delivers binary data only to S3 and the configuration names no bucket"
                    + " for it (a CloudWatch destination takes it through a large-data bucket).";
            if (missing.isEmpty()) {
                return Optional.of(new Finding(control, region, Status.PASSED, Severity.INFORMATIONAL,
                        "Every required data type is delivered: " + names(required) + "."));
            }
            return Optional.of(new Finding(control, region, Status.FAILED, control.severity(),
                    "Not delivered: " + names(missing) + " (required: " + names(required) + ")." + strandedWhy,
                    judge.reconfiguration(evidence), List.of()));
        }
        return LoggingEnabledCheck.withoutLogging(control, evidence);
    }

    private static String names(Set<DataType> types) {
        return EnumSet.copyOf(types).stream().map(Enum::name).collect(Collectors.joining(", "));
    }
}
