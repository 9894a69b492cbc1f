package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ChangeDetectionEvidence;
import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.EventRule;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.domain.TrailEvidence;
import dev.bedrockauditor.fix.FixCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a change to the region's logging reaches the auditor within minutes, logging on or off: PASSED where a
 * trail that applies to the region is logging management write events (CloudTrail hands EventBridge only what a
 * trail logs) and the configured rule on the region's default bus is enabled; WARNING naming what is missing,
 * since the scheduled audit still notices the change, only later; NOT_AVAILABLE naming the permission where a
 * read was refused. Runs only when a rule name is configured.
 */
public final class ChangeDetectionCheck implements Check {

    public static final String ID = "bedrock-invocation-logging-change-detection";

    /** The rule states in which EventBridge matches CloudTrail's write management events (API reference, Rule). */
    private static final Set<String> ENABLED = Set.of("ENABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");

    private final ControlMetadata control;
    private final String homeRegion;

    /** @param homeRegion where the stack's own rule lives; other regions get theirs from the forwarder */
    ChangeDetectionCheck(ControlMetadata control, String homeRegion) {
        this.control = control;
        this.homeRegion = homeRegion;
    }

    @Override
    public ControlMetadata control() {
        return control;
    }

    /** Always a finding: detection matters most where logging was just turned off. */
    @Override
    public Optional<Finding> evaluate(RegionEvidence evidence) {
        String region = evidence.region();
        if (evidence.changeDetection().isEmpty()) {
            return Optional.of(new Finding(control, region, Status.NOT_AVAILABLE, control.severity(),
                    "Could not check: the region's trails and rule were not read."));
        }
        ChangeDetectionEvidence detection = evidence.changeDetection().get();
        Assessment assessment = new Assessment();
        trails(evidence, detection, assessment);
        rule(evidence, detection, assessment);
        List<Resource> judged = assessment.resources();
        return Optional.of(switch (assessment.verdict()) {
            case BROKEN -> {
                String detail = "Changes to logging here are noticed only by the next scheduled audit: "
                        + String.join("; ", assessment.problems()) + ".";
                if (!assessment.unreadableReasons().isEmpty()) {
                    detail += " Also not checked: " + String.join("; ", assessment.unreadableReasons()) + ".";
                }
                yield new Finding(control, region, Status.WARNING, control.severity(), detail, assessment.fixes(),
                        judged);
            }
            case UNKNOWN, NOTHING -> new Finding(control, region, Status.NOT_AVAILABLE, control.severity(),
                    "Could not check: " + String.join("; ", assessment.unreadableReasons()) + ".", List.of(), judged);
            case WORKS -> new Finding(control, region, Status.PASSED, Severity.INFORMATIONAL,
                    "Changes to logging here reach the auditor within minutes: "
                            + String.join("; ", assessment.verifiedParts()) + ".", List.of(), judged);
        });
    }

    /**
     * One trail that applies to the region and logs management writes is enough. Where none is known to, a trail
     * that could not be read might be the one: the verdict is then unknown, not a warning.
     */
    private void trails(RegionEvidence evidence, ChangeDetectionEvidence detection, Assessment assessment) {
        String region = evidence.region();
        if (detection.trails() instanceof Observed.Unreadable<List<TrailEvidence>> unreadable) {
            assessment.unreadable(unreadable.reason());
            return;
        }
        List<TrailEvidence> applicable = detection.trails().knownValue().stream()
                .filter(trail -> trail.appliesTo(region)).toList();
        if (applicable.isEmpty()) {
            assessment.problem("no CloudTrail trail applies to " + region + ", and CloudTrail hands EventBridge only"
                    + " the management events a trail logs", FixCommands.createTrail(region));
            return;
        }
        List<Assessment> broken = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (TrailEvidence trail : applicable) {
            Assessment verdict = trail(evidence, trail);
            switch (verdict.verdict()) {
                case WORKS -> {
                    assessment.absorb(verdict);
                    return;
                }
                case BROKEN -> broken.add(verdict);
                case UNKNOWN, NOTHING -> unknown.addAll(verdict.unreadableReasons());
            }
        }
        if (!unknown.isEmpty()) {
            unknown.forEach(assessment::unreadable);
            return;
        }
        broken.forEach(assessment::absorb);
    }

    /** A trail works when it is logging and logs management writes; each fact it is known to lack is a problem. */
    private Assessment trail(RegionEvidence evidence, TrailEvidence trail) {
        String region = evidence.region();
        Assessment assessment = new Assessment();
        assessment.resource(new Resource(Resource.Kind.CLOUDTRAIL_TRAIL, trail.arn(), trail.homeRegion()));
        Optional<String> excluded = Optional.empty();
        if (trail.selectors() instanceof Observed.Unreadable<?> unreadable) {
            assessment.unreadable(unreadable.reason());
        } else {
            ManagementWrites writes = ManagementWrites.of(trail.selectors().knownValue());
            if (writes instanceof ManagementWrites.NotLogged notLogged) {
                assessment.problem(trail.describe() + " " + notLogged.why(),
                        FixCommands.logManagementWrites(trail.name()));
            } else if (writes instanceof ManagementWrites.Logged logged && !logged.excludedSources().isEmpty()) {
                excluded = Optional.of(" (except those of " + String.join(", ", new TreeSet<>(logged.excludedSources()))
                        + ")");
            }
        }
        if (trail.logging() instanceof Observed.Unreadable<?> unreadable) {
            assessment.unreadable(unreadable.reason());
        } else if (!trail.logging().knownValue()) {
            boolean own = trail.ownerAccount().equals(evidence.accountId());
            assessment.problem(trail.describe() + " is not logging in " + region, own
                    ? FixCommands.startTrail(trail.homeRegion(), trail.name())
                    : FixCommands.startOrganizationTrail(trail.name(), trail.ownerAccount()));
        }
        if (assessment.verdict() == Assessment.Verdict.NOTHING) {
            assessment.verified(trail.describe() + " logs management write events" + excluded.orElse("") + " in "
                    + region);
        }
        return assessment;
    }

    private void rule(RegionEvidence evidence, ChangeDetectionEvidence detection, Assessment assessment) {
        String region = evidence.region();
        String name = detection.ruleName();
        if (detection.rule() instanceof Observed.Unreadable<Optional<EventRule>> unreadable) {
            assessment.unreadable(unreadable.reason());
            return;
        }
        Optional<EventRule> rule = detection.rule().knownValue();
        if (rule.isEmpty()) {
            assessment.problem("EventBridge rule " + name + " does not exist on the default event bus of " + region,
                    FixCommands.createRule(region, name, homeRegion));
            return;
        }
        String arn = rule.get().arn().isEmpty()
                ? "arn:" + evidence.partition() + ":events:" + region + ":" + evidence.accountId() + ":rule/" + name
                : rule.get().arn();
        assessment.resource(new Resource(Resource.Kind.EVENTBRIDGE_RULE, arn, region));
        String state = rule.get().state();
        if (ENABLED.contains(state)) {
            assessment.verified("EventBridge rule " + name + " is " + state + " on the default event bus");
        } else if (state.equals("DISABLED")) {
            assessment.problem("EventBridge rule " + name + " is disabled", FixCommands.enableRule(region, name));
        } else {
            assessment.problem("EventBridge rule " + name + " is " + (state.isEmpty() ? "in no state" : state)
                    + ", not ENABLED", FixCommands.enableRule(region, name));
        }
    }
}
