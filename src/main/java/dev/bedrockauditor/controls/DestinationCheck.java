package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.RegionEvidence;

/**
 * Every configured destination can receive logs: buckets exist in the audited region and let Bedrock
 * write under the prefix; the log group exists; the role exists and trusts Bedrock.
 */
public final class DestinationCheck extends DestinationControl {

    public static final String ID = "bedrock-invocation-logging-destination";

    private final DestinationJudge judge;

    DestinationCheck(ControlMetadata control, DestinationJudge judge) {
        super(control, "No destination to check.");
        this.judge = judge;
    }

    @Override
    void assess(RegionEvidence evidence, DestinationEvidence destinations, Assessment assessment) {
        judge.parts(evidence).forEach(part -> assessment.absorb(part.assessment()));
    }
}
