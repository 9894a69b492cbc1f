package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.RegionEvidence;
import java.util.Optional;

/** One control's logic: a pure function from what was observed in a region to that region's finding, if any. */
public interface Check {

    ControlMetadata control();

    /**
     * This control's finding for the region, or empty where the control does not apply: the controls that need
     * logging on have no finding where it is off, since the enabled control's FAILED finding (with its fix)
     * says everything there, and four echoes of it would only be noise.
     */
    Optional<Finding> evaluate(RegionEvidence evidence);
}
