package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.RegionEvidence;

/** One control's logic: a pure function from what was observed in a region to that region's finding. */
public interface Check {

    ControlMetadata control();

    Finding evaluate(RegionEvidence evidence);
}
