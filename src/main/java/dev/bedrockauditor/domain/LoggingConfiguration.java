package dev.bedrockauditor.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A region's model invocation logging configuration as Bedrock reports it, with at least one destination.
 * A configuration without any destination is not represented here: it is {@link LoggingState.Disabled}.
 */
public record LoggingConfiguration(
        Optional<S3Destination> s3, Optional<CloudWatchDestination> cloudWatch, Set<DataType> deliveredTypes) {

    public LoggingConfiguration {
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(cloudWatch, "cloudWatch");
        if (s3.isEmpty() && cloudWatch.isEmpty()) {
            throw new IllegalArgumentException("a logging configuration needs an S3 or a CloudWatch destination");
        }
        deliveredTypes = deliveredTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(deliveredTypes));
    }

    /** Whether some S3 bucket takes binary data: the log bucket, or the CloudWatch destination's large-data bucket. */
    public boolean hasBucketForBinaryData() {
        return s3.isPresent() || cloudWatch.flatMap(CloudWatchDestination::largeDataBucket).isPresent();
    }

    /** The data types turned on that Bedrock can deliver: binary ones only where a bucket takes them. */
    public Set<DataType> deliverableTypes() {
        if (hasBucketForBinaryData() || deliveredTypes.isEmpty()) {
            return deliveredTypes;
        }
        EnumSet<DataType> deliverable = EnumSet.copyOf(deliveredTypes);
        deliverable.removeIf(DataType::onlyToS3);
        return deliverable.isEmpty() ? Set.of() : Set.copyOf(deliverable);
    }

    /** One line naming every destination, e.g. for a PASSED finding's detail. */
    public String describeDestinations() {
        StringBuilder text = new StringBuilder();
        s3.ifPresent(bucket -> text.append("S3 ").append(bucket.uri()));
        cloudWatch.ifPresent(group -> {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append("CloudWatch log group ").append(group.logGroupName());
            if (!group.roleArn().isEmpty()) {
                text.append(" (role ").append(group.roleArn()).append(')');
            }
            group.largeDataBucket().ifPresent(large -> text.append("; large data ").append(large.uri()));
        });
        return text.toString();
    }
}
