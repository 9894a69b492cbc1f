package dev.bedrockauditor.domain;

import java.util.Objects;

/** An S3 bucket (and optional key prefix) that Bedrock writes invocation logs to. */
public record S3Destination(String bucketName, String keyPrefix) {
    public S3Destination {
        Objects.requireNonNull(bucketName, "bucketName");
        keyPrefix = keyPrefix == null ? "" : keyPrefix;
    }

    /** The destination as a person would type it, e.g. {@code s3://bucket/prefix}. */
    public String uri() {
        return "s3://" + bucketName + "/" + keyPrefix;
    }
}
