package dev.bedrockauditor.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything read about one region's log destinations: its buckets, log group and role. */
public record DestinationEvidence(List<BucketEvidence> buckets, Optional<LogGroupEvidence> logGroup,
        Optional<RoleEvidence> role) {

    public static final String LOG_BUCKET = "log bucket";
    public static final String LARGE_DATA_BUCKET = "large-data bucket";
    /** The Bedrock user guide's rule for log destinations, quoted in findings. */
    public static final String SAME_ACCOUNT_AND_REGION =
            "Bedrock supports only destinations from the same account and Region";

    public DestinationEvidence {
        buckets = List.copyOf(buckets);
    }

    /** The configuration's destinations with every fact unreadable for one reason (a reader that failed). */
    public static DestinationEvidence unreadable(LoggingConfiguration configuration, String reason) {
        List<BucketEvidence> buckets = new ArrayList<>();
        configuration.s3().ifPresent(bucket -> buckets.add(unreadableBucket(bucket, LOG_BUCKET, reason)));
        configuration.cloudWatch().flatMap(CloudWatchDestination::largeDataBucket)
                .ifPresent(bucket -> buckets.add(unreadableBucket(bucket, LARGE_DATA_BUCKET, reason)));
        return new DestinationEvidence(buckets,
                configuration.cloudWatch().map(group -> new LogGroupEvidence(group.logGroupName(),
                        Observed.unreadable(reason), Optional.empty())),
                configuration.cloudWatch().filter(group -> !group.roleArn().isEmpty())
                        .map(group -> new RoleEvidence(group.roleArn(), Observed.unreadable(reason),
                                Observed.unreadable(reason))));
    }

    private static BucketEvidence unreadableBucket(S3Destination bucket, String purpose, String reason) {
        return new BucketEvidence(bucket, purpose, Observed.unreadable(reason), Observed.unreadable(reason),
                Observed.unreadable(reason), Observed.unreadable(reason), Observed.unreadable(reason),
                Observed.unreadable(reason), Observed.unreadable(reason), Optional.empty(), Optional.empty());
    }
}
