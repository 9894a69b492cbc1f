package dev.bedrockauditor.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What was read about the CloudWatch Logs destination.
 *
 * @param group the log group's settings; empty when the log group does not exist
 */
public record LogGroupEvidence(String name, Observed<Optional<Settings>> group) {

    public LogGroupEvidence {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
    }

    /**
     * @param kmsKeyId the KMS key that encrypts the group, if any
     * @param retentionDays days events are kept; empty when they never expire
     */
    public record Settings(Optional<String> kmsKeyId, Optional<Integer> retentionDays) {}
}
