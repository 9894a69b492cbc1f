package dev.bedrockauditor.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A CloudWatch Logs log group that Bedrock writes invocation logs to, the role Bedrock assumes to write
 * there, and the bucket that receives payloads too large for CloudWatch, if one is set.
 */
public record CloudWatchDestination(String logGroupName, String roleArn, Optional<S3Destination> largeDataBucket) {
    public CloudWatchDestination {
        Objects.requireNonNull(logGroupName, "logGroupName");
        roleArn = roleArn == null ? "" : roleArn;
        Objects.requireNonNull(largeDataBucket, "largeDataBucket");
    }
}
