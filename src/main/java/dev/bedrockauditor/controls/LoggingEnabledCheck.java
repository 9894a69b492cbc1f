package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;

/** PASSED where an S3 or CloudWatch destination is configured, FAILED where none is. */
public final class LoggingEnabledCheck implements Check {

    public static final String ID = "bedrock-invocation-logging-enabled";

    private final ControlMetadata control;

    public LoggingEnabledCheck(ControlMetadata control) {
        this.control = control;
    }

    @Override
    public ControlMetadata control() {
        return control;
    }

    @Override
    public Finding evaluate(RegionEvidence evidence) {
        String region = evidence.region();
        LoggingState state = evidence.state();
        if (state instanceof LoggingState.Enabled enabled) {
            return new Finding(control, region, Status.PASSED, Severity.INFORMATIONAL,
                    "Logging delivers to " + enabled.configuration().describeDestinations() + ".");
        }
        if (state instanceof LoggingState.Unknown unknown) {
            // Severity stays the control's: a region nobody could check may well be unlogged.
            return new Finding(control, region, Status.NOT_AVAILABLE, control.severity(),
                    "Could not read the logging configuration: " + unknown.reason() + ".");
        }
        return new Finding(control, region, Status.FAILED, control.severity(),
                "Logging is off: no S3 or CloudWatch Logs destination is configured, so no prompt or response"
                        + " is recorded.");
    }

    /**
     * The finding of a control that needs logging on, where it is not (or its state is unknown): an
     * INFORMATIONAL NOT_AVAILABLE that points to this control, which carries the real finding.
     *
     * @param consequence what logging being off means for that control, e.g. "no data type is delivered"
     */
    static Finding notApplicable(ControlMetadata control, RegionEvidence evidence, String consequence) {
        String why = evidence.state() instanceof LoggingState.Disabled
                ? "Logging is off in this region, so " + consequence
                : "The logging configuration could not be read";
        return new Finding(control, evidence.region(), Status.NOT_AVAILABLE, Severity.INFORMATIONAL,
                why + "; see " + ID + ".");
    }
}
