package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.RegionEvidence;

/**
 * A control over the log destinations: it applies where logging is on, and judges the destinations read
 * for that region part by part (see {@link Assessment}).
 */
abstract class DestinationControl implements Check {

    private final ControlMetadata control;
    private final String consequenceWhenOff;
    private final String nothingToCheck;

    /**
     * @param consequenceWhenOff what logging being off means for this control, e.g. "nothing is written to encrypt"
     * @param nothingToCheck the detail when no destination could be assessed
     */
    DestinationControl(ControlMetadata control, String consequenceWhenOff, String nothingToCheck) {
        this.control = control;
        this.consequenceWhenOff = consequenceWhenOff;
        this.nothingToCheck = nothingToCheck;
    }

    @Override
    public final ControlMetadata control() {
        return control;
    }

    @Override
    public final Finding evaluate(RegionEvidence evidence) {
        if (!(evidence.state() instanceof LoggingState.Enabled)) {
            return LoggingEnabledCheck.notApplicable(control, evidence, consequenceWhenOff);
        }
        DestinationEvidence destinations = evidence.destinations().orElseThrow(
                () -> new IllegalStateException("destinations of " + evidence.region() + " were not read"));
        Assessment assessment = new Assessment();
        assess(evidence, destinations, assessment);
        return assessment.finding(control, evidence.region(), nothingToCheck);
    }

    abstract void assess(RegionEvidence evidence, DestinationEvidence destinations, Assessment assessment);
}
