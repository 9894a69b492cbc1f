package dev.bedrockauditor.aws;

import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.domain.ChangeDetectionEvidence;
import dev.bedrockauditor.domain.EventRule;
import dev.bedrockauditor.domain.EventSelectors;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.TrailEvidence;
import dev.bedrockauditor.engine.ChangeDetectionSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/**
 * Reads what change detection depends on in one region, with read-only calls: the trails that apply there
 * (DescribeTrails with shadow trails, so multi-Region and organization trails homed elsewhere count), each
 * trail's status in the region and its event selectors, and the configured rule on the region's default event
 * bus. DescribeTrails and DescribeRule go at once; each trail's two reads as soon as DescribeTrails names it,
 * every trail at once: one dependent step, which overlaps the destination reads.
 */
public final class ChangeDetectionReader implements ChangeDetectionSource {

    private final AwsClients clients;
    private final String ruleName;
    private final FactReader facts;

    /** @param ruleName the rule looked for on each region's default event bus */
    public ChangeDetectionReader(AwsClients clients, String ruleName, FailureReasons reasons, Workers workers) {
        this.clients = clients;
        this.ruleName = ruleName;
        this.facts = new FactReader(reasons, workers);
    }

    @Override
    public String ruleName() {
        return ruleName;
    }

    @Override
    public ChangeDetectionEvidence read(String region) {
        CompletableFuture<Observed<Optional<EventRule>>> rule = read("EventBridge rule " + ruleName + " in " + region,
                "events:DescribeRule", () -> {
                    try {
                        // No EventBusName: the default bus, where CloudTrail delivers and the forwarder's rule lives.
                        DescribeRuleResponse found = clients.events(region).describeRule(request -> request.name(ruleName));
                        return Optional.of(new EventRule(found.arn() == null ? "" : found.arn(),
                                found.stateAsString() == null ? "" : found.stateAsString()));
                    } catch (ResourceNotFoundException missing) {
                        return Optional.empty();
                    }
                });
        CompletableFuture<Observed<List<Trail>>> described = read("trails of " + region, "cloudtrail:DescribeTrails",
                () -> clients.cloudTrail(region).describeTrails(request -> request.includeShadowTrails(true))
                        .trailList());
        CompletableFuture<Observed<List<TrailEvidence>>> trails = described.thenCompose(observed -> {
            if (observed instanceof Observed.Unreadable<List<Trail>> unreadable) {
                return CompletableFuture.completedFuture(Observed.unreadable(unreadable.reason()));
            }
            List<CompletableFuture<TrailEvidence>> each = observed.knownValue().stream()
                    .map(trail -> trail(region, trail)).toList();
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                    .thenApply(done -> Observed.known(each.stream().map(CompletableFuture::join).toList()));
        });
        return new ChangeDetectionEvidence(ruleName, trails.join(), rule.join());
    }

    /**
     * A trail's status in the audited region and its selectors, both by ARN (which a shadow trail and a member
     * account's view of an organization trail require). Selectors are read in the trail's home region, where
     * its settings live; the status in the audited region, since that is where logging must happen.
     */
    private CompletableFuture<TrailEvidence> trail(String region, Trail trail) {
        String arn = trail.trailARN();
        String home = trail.homeRegion() == null || trail.homeRegion().isEmpty() ? region : trail.homeRegion();
        String what = "trail " + trail.name();
        CompletableFuture<Observed<Boolean>> logging = read(what + " status in " + region, "cloudtrail:GetTrailStatus",
                () -> Boolean.TRUE.equals(clients.cloudTrail(region).getTrailStatus(request -> request.name(arn))
                        .isLogging()));
        CompletableFuture<Observed<EventSelectors>> selectors = read(what + " event selectors",
                "cloudtrail:GetEventSelectors",
                () -> selectors(clients.cloudTrail(home).getEventSelectors(request -> request.trailName(arn))));
        return logging.thenCombine(selectors, (status, selected) -> new TrailEvidence(trail.name(), arn, home,
                Boolean.TRUE.equals(trail.isMultiRegionTrail()), Boolean.TRUE.equals(trail.isOrganizationTrail()),
                status, selected));
    }

    private static EventSelectors selectors(GetEventSelectorsResponse response) {
        List<EventSelectors.Basic> basic = new ArrayList<>();
        for (EventSelector selector : response.eventSelectors()) {
            basic.add(new EventSelectors.Basic(Optional.ofNullable(selector.readWriteTypeAsString()),
                    Optional.ofNullable(selector.includeManagementEvents()),
                    selector.excludeManagementEventSources(), selector.dataResources().size()));
        }
        List<EventSelectors.Advanced> advanced = new ArrayList<>();
        for (AdvancedEventSelector selector : response.advancedEventSelectors()) {
            List<EventSelectors.Field> fields = new ArrayList<>();
            for (AdvancedFieldSelector field : selector.fieldSelectors()) {
                fields.add(new EventSelectors.Field(field.field(), field.equalsValue(), field.notEquals(),
                        field.startsWith(), field.notStartsWith(), field.endsWith(), field.notEndsWith()));
            }
            advanced.add(new EventSelectors.Advanced(selector.name() == null ? "" : selector.name(), fields));
        }
        return new EventSelectors(basic, advanced);
    }

    private <T> CompletableFuture<Observed<T>> read(String fact, String action, Supplier<T> call) {
        return facts.read(fact, action, call);
    }
}
