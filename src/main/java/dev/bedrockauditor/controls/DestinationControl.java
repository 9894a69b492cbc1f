package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.RegionEvidence;
import java.util.Optional;

/**
 * A control over the log destinations: it applies where logging is on, and judges the destinations read
 * for that region part by part (see {@link Assessment}). Where logging is off it has no finding.
 */
abstract class DestinationControl implements Check {

    private final ControlMetadata control;
    private final String nothingToCheck;

    /** @param nothingToCheck the detail when no destination could be assessed */
    DestinationControl(ControlMetadata control, String nothingToCheck) {
        this.control = control;
        this.nothingToCheck = nothingToCheck;
    }

    @Override
    public final ControlMetadata control() {
        return control;
    }

    @Override
    public final Optional<Finding> evaluate(RegionEvidence evidence) {
        if (!(evidence.state() instanceof LoggingState.Enabled)) {
            return LoggingEnabledCheck.withoutLogging(control, evidence);
        }
        DestinationEvidence destinations = evidence.destinations().orElseThrow(
                () -> new IllegalStateException("destinations of " + evidence.region() + " were not read"));
        Assessment assessment = new Assessment();
        assess(evidence, destinations, assessment);
        return Optional.of(assessment.finding(control, evidence.region(), nothingToCheck));
    }

    abstract void assess(RegionEvidence evidence, DestinationEvidence destinations, Assessment assessment);
}
