package dev.bedrockauditor.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What was read about the CloudWatch Logs destination.
 *
 * @param group the log group's settings; empty when the log group does not exist
 * @param key the KMS key the group is encrypted with; empty when it has none or the group was not read
 */
public record LogGroupEvidence(String name, Observed<Optional<Settings>> group, Optional<KeyEvidence> key) {

    public LogGroupEvidence {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(key, "key");
    }

    /**
     * @param kmsKeyId the KMS key that encrypts the group, if any
     * @param retentionDays days events are kept; empty when they never expire
     */
    public record Settings(Optional<String> kmsKeyId, Optional<Integer> retentionDays) {}
}
