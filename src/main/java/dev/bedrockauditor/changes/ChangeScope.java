package dev.bedrockauditor.changes;

import dev.bedrockauditor.domain.ChangeEvent;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.RoleEvidence;
import dev.bedrockauditor.domain.S3Destination;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which regions a batch of change events concerns, decided from those regions' logging configurations.
 * Pure. A call concerns a region when it changed the region's setting (Bedrock's calls), or names one of its
 * destinations (a bucket, log group or role); a KMS call concerns every region of its own where logging is on,
 * since a destination's key is known only once its encryption is read. A region whose configuration could
 * not be read is audited (it may be concerned); a call that concerns no region is set aside, saying why.
 */
public final class ChangeScope {

    private ChangeScope() {}

    /**
     * The regions to audit, the events that concern them (for the alert) and the events set aside.
     */
    public record Decision(List<String> regions, List<ChangeEvent> events, List<String> setAside) {
        public Decision {
            regions = List.copyOf(regions);
            events = List.copyOf(events);
            setAside = List.copyOf(setAside);
        }
    }

    /**
     * The regions whose configuration must be read to decide: each call's own region, and for IAM, which is
     * global, every region audited.
     *
     * @param audited the regions this deployment audits
     */
    public static Set<String> candidates(List<ChangeEvent> events, Set<String> audited) {
        TreeSet<String> regions = new TreeSet<>();
        for (ChangeEvent event : events) {
            if (event.service().equals("iam")) {
                regions.addAll(audited);
            } else if (audited.contains(event.region())) {
                regions.add(event.region());
            }
        }
        return regions;
    }

    /** @param states the configuration of every candidate region */
    public static Decision decide(List<ChangeEvent> events, Set<String> audited, Map<String, LoggingState> states) {
        TreeSet<String> regions = new TreeSet<>();
        List<ChangeEvent> concerning = new ArrayList<>();
        List<String> setAside = new ArrayList<>();
        for (ChangeEvent event : events) {
            String call = event.service() + ":" + event.eventName() + event.resource().map(name -> " on " + name)
                    .orElse("") + " (event " + event.eventId() + ")";
            List<String> concerned = new ArrayList<>();
            if (event.service().equals("iam")) {
                states.forEach((region, state) -> {
                    if (concerns(event, state)) {
                        concerned.add(region);
                    }
                });
            } else if (!audited.contains(event.region())) {
                setAside.add(call + ": " + event.region() + " is not a region this deployment audits");
                continue;
            } else if (concerns(event, states.getOrDefault(event.region(), new LoggingState.Unknown("not read")))) {
                concerned.add(event.region());
            }
            if (concerned.isEmpty()) {
                setAside.add(call + ": " + why(event));
                continue;
            }
            regions.addAll(concerned);
            concerning.add(event);
        }
        return new Decision(List.copyOf(regions), concerning, setAside);
    }

    private static boolean concerns(ChangeEvent event, LoggingState state) {
        if (event.service().equals("bedrock") || state instanceof LoggingState.Unknown) {
            return true;
        }
        if (!(state instanceof LoggingState.Enabled enabled)) {
            return false;
        }
        LoggingConfiguration configuration = enabled.configuration();
        Optional<String> resource = event.resource();
        if (resource.isEmpty() || event.service().equals("kms")) {
            return true;
        }
        String name = resource.get();
        return switch (event.service()) {
            case "s3" -> configuration.s3().map(S3Destination::bucketName).filter(name::equals).isPresent()
                    || configuration.cloudWatch().flatMap(CloudWatchDestination::largeDataBucket)
                            .map(S3Destination::bucketName).filter(name::equals).isPresent();
            case "logs" -> configuration.cloudWatch().map(CloudWatchDestination::logGroupName)
                    .filter(name::equals).isPresent();
            case "iam" -> configuration.cloudWatch().map(CloudWatchDestination::roleArn)
                    .filter(arn -> RoleEvidence.nameInArn(arn).equals(name)).isPresent();
            default -> true;
        };
    }

    private static String why(ChangeEvent event) {
        return switch (event.service()) {
            case "s3" -> "bucket " + event.resource().orElse("?") + " is no log destination in " + event.region()
                    + " (or logging is off there)";
            case "logs" -> "log group " + event.resource().orElse("?") + " is no log destination in " + event.region()
                    + " (or logging is off there)";
            case "iam" -> "no audited region's logging uses role " + event.resource().orElse("?");
            default -> "logging is off in " + event.region();
        };
    }
}
