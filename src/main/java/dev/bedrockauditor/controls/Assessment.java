package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * What a destination check found, part by part: problems make the finding FAILED; parts that could not be
 * read make it NOT_AVAILABLE (never FAILED by guess); otherwise it PASSED, naming what was verified.
 */
final class Assessment {

    private final List<String> problems = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();
    private final List<String> verified = new ArrayList<>();

    void problem(String text) {
        problems.add(text);
    }

    void unreadable(String reason) {
        unreadable.add(reason);
    }

    void verified(String text) {
        verified.add(text);
    }

    /**
     * @param nothingToCheck the detail when no part could be assessed (every destination is missing, which
     *     the destination control reports)
     */
    Finding finding(ControlMetadata control, String region, String nothingToCheck) {
        if (!problems.isEmpty()) {
            String detail = String.join("; ", problems) + ".";
            if (!unreadable.isEmpty()) {
                detail += " Also not checked: " + String.join("; ", unreadable) + ".";
            }
            return new Finding(control, region, Status.FAILED, control.severity(), detail);
        }
        if (!unreadable.isEmpty()) {
            return new Finding(control, region, Status.NOT_AVAILABLE, control.severity(),
                    "Could not check: " + String.join("; ", unreadable) + ".");
        }
        if (verified.isEmpty()) {
            return new Finding(control, region, Status.NOT_AVAILABLE, Severity.INFORMATIONAL, nothingToCheck);
        }
        return new Finding(control, region, Status.PASSED, Severity.INFORMATIONAL,
                "Verified: " + String.join("; ", verified) + ".");
    }
}
