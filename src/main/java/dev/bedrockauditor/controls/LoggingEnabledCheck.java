package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.fix.FixCommands;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bedrock records the region's invocations: PASSED where a configured destination can receive the logs,
 * FAILED where logging is off or every destination it names is broken (a configuration that records nothing),
 * NOT_AVAILABLE where that could not be told.
 */
public final class LoggingEnabledCheck implements Check {

    public static final String ID = "bedrock-invocation-logging-enabled";

    private final ControlMetadata control;
    private final DestinationJudge judge;
    private final Set<DataType> required;

    LoggingEnabledCheck(ControlMetadata control, DestinationJudge judge, Set<DataType> required) {
        this.control = control;
        this.judge = judge;
        this.required = Set.copyOf(EnumSet.copyOf(required));
    }

    @Override
    public ControlMetadata control() {
        return control;
    }

    /** Always a finding: whether a region records is never left unsaid. */
    @Override
    public Optional<Finding> evaluate(RegionEvidence evidence) {
        return Optional.of(finding(evidence));
    }

    private Finding finding(RegionEvidence evidence) {
        String region = evidence.region();
        LoggingState state = evidence.state();
        if (state instanceof LoggingState.Unknown unknown) {
            // Severity stays the control's: a region nobody could check may well be unlogged.
            return new Finding(control, region, Status.NOT_AVAILABLE, control.severity(),
                    "Could not read the logging configuration: " + unknown.reason() + ".");
        }
        if (state instanceof LoggingState.Disabled) {
            return new Finding(control, region, Status.FAILED, control.severity(),
                    "Logging is off: no S3 or CloudWatch Logs destination is configured, so no prompt or response"
                            + " is recorded.",
                    FixCommands.turnOnLogging(region, evidence.accountId(), evidence.partition(), required), List.of());
        }
        List<DestinationJudge.Part> parts = judge.parts(evidence);
        Set<Resource> resources = new LinkedHashSet<>();
        parts.forEach(part -> resources.addAll(part.assessment().resources()));
        List<DestinationJudge.Part> primary = parts.stream().filter(DestinationJudge.Part::primary).toList();
        boolean recording = primary.stream().anyMatch(part -> part.assessment().verdict() == Assessment.Verdict.WORKS);
        if (recording) {
            // The primary destinations first: the large-data bucket only takes what CloudWatch cannot.
            List<String> working = parts.stream().filter(part -> part.assessment().verdict() == Assessment.Verdict.WORKS)
                    .sorted(Comparator.comparing(part -> !part.primary())).map(DestinationJudge.Part::name).toList();
            List<String> others = parts.stream()
                    .filter(part -> part.assessment().verdict() != Assessment.Verdict.WORKS)
                    .map(DestinationJudge.Part::name).toList();
            String detail = "Logging delivers to " + String.join("; ", working) + "."
                    + (others.isEmpty() ? "" : " Not to " + String.join("; ", others) + ": see " + DestinationCheck.ID
                    + ".");
            return new Finding(control, region, Status.PASSED, Severity.INFORMATIONAL, detail, List.of(),
                    List.copyOf(resources));
        }
        String configured = primary.stream().map(DestinationJudge.Part::name).collect(Collectors.joining("; "));
        if (primary.stream().allMatch(part -> part.assessment().verdict() == Assessment.Verdict.BROKEN)) {
            Set<Fix> fixes = new LinkedHashSet<>();
            List<String> problems = new ArrayList<>();
            primary.forEach(part -> {
                fixes.addAll(part.assessment().fixes());
                problems.addAll(part.assessment().problems());
            });
            return new Finding(control, region, Status.FAILED, control.severity(), "Logging is configured (" + configured
                    + ") but records nothing, since no destination can receive the logs: " + String.join("; ", problems)
                    + ".", List.copyOf(fixes), List.copyOf(resources));
        }
        List<String> reasons = new ArrayList<>();
        primary.forEach(part -> reasons.addAll(part.assessment().unreadableReasons()));
        return new Finding(control, region, Status.NOT_AVAILABLE, control.severity(), "Logging is configured ("
                + configured + "), but whether Bedrock can write there could not be checked: "
                + String.join("; ", reasons) + ".", List.of(), List.copyOf(resources));
    }

    /**
     * The finding of a control that needs logging on, where it is not known to be on: none where logging is
     * off (this control's FAILED finding carries the fix), and an INFORMATIONAL NOT_AVAILABLE pointing to this
     * control where the configuration could not be read, so that what could not be checked stays visible.
     */
    static Optional<Finding> withoutLogging(ControlMetadata control, RegionEvidence evidence) {
        if (evidence.state() instanceof LoggingState.Disabled) {
            return Optional.empty();
        }
        return Optional.of(new Finding(control, evidence.region(), Status.NOT_AVAILABLE, Severity.INFORMATIONAL,
                "The logging configuration could not be read; see " + ID + "."));
    }
}
