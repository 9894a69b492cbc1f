package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a destination check found, part by part: problems make the finding FAILED; parts that could not be
 * read make it NOT_AVAILABLE (never FAILED by guess); otherwise it PASSED, naming what was verified. Each
 * problem brings the fixes that repair it, and each part the resources it judged.
 */
final class Assessment {

    /** Where an assessment stands, worst first. */
    enum Verdict { BROKEN, UNKNOWN, WORKS, NOTHING }

    private final List<String> problems = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();
    private final List<String> verified = new ArrayList<>();
    private final Set<Fix> fixes = new LinkedHashSet<>();
    private final Set<Resource> resources = new LinkedHashSet<>();

    void problem(String text, List<Fix> repairs) {
        problems.add(text);
        fixes.addAll(repairs);
    }

    void problem(String text, Fix repair) {
        problem(text, List.of(repair));
    }

    void unreadable(String reason) {
        unreadable.add(reason);
    }

    void verified(String text) {
        verified.add(text);
    }

    void resource(Resource resource) {
        resources.add(resource);
    }

    /** Takes in everything another assessment found, e.g. one destination's into the region's. */
    void absorb(Assessment other) {
        problems.addAll(other.problems);
        unreadable.addAll(other.unreadable);
        verified.addAll(other.verified);
        fixes.addAll(other.fixes);
        resources.addAll(other.resources);
    }

    Verdict verdict() {
        if (!problems.isEmpty()) {
            return Verdict.BROKEN;
        }
        if (!unreadable.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        return verified.isEmpty() ? Verdict.NOTHING : Verdict.WORKS;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    List<String> unreadableReasons() {
        return List.copyOf(unreadable);
    }

    List<String> verifiedParts() {
        return List.copyOf(verified);
    }

    List<Fix> fixes() {
        return List.copyOf(fixes);
    }

    List<Resource> resources() {
        return List.copyOf(resources);
    }

    /**
     * @param nothingToCheck the detail when no part could be assessed (every destination is missing, which
     *     the destination control reports)
     */
    Finding finding(ControlMetadata control, String region, String nothingToCheck) {
        List<Resource> judged = resources();
        return switch (verdict()) {
            case BROKEN -> {
                String detail = String.join("; ", problems) + ".";
                if (!unreadable.isEmpty()) {
                    detail += " Also not checked: " + String.join("; ", unreadable) + ".";
                }
                yield new Finding(control, region, Status.FAILED, control.severity(), detail, fixes(), judged);
            }
            case UNKNOWN -> new Finding(control, region, Status.NOT_AVAILABLE, control.severity(),
                    "Could not check: " + String.join("; ", unreadable) + ".", List.of(), judged);
            case NOTHING -> new Finding(control, region, Status.NOT_AVAILABLE, Severity.INFORMATIONAL, nothingToCheck,
                    List.of(), judged);
            case WORKS -> new Finding(control, region, Status.PASSED, Severity.INFORMATIONAL,
                    "Verified: " + String.join("; ", verified) + ".", List.of(), judged);
        };
    }
}
