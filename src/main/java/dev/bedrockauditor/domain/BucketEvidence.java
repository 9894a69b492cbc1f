package dev.bedrockauditor.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What was read about one S3 destination.
 *
 * @param purpose what Bedrock uses it for, e.g. "log bucket" or "large-data bucket", for details
 * @param region the bucket's region; empty when the bucket does not exist (then nothing else is read)
 * @param policy the bucket policy's JSON; empty when the bucket has none
 * @param encryption the default encryption; empty when none
 * @param publicAccessBlock the bucket's public access block; empty when none is configured
 * @param versioning {@code Enabled}, {@code Suspended}, or {@code Off} when never enabled
 * @param objectLock whether Object Lock is enabled
 * @param objectOwnership the Object Ownership setting, e.g. {@code BucketOwnerEnforced}; empty when the bucket
 *     has no ownership controls (ACLs are on)
 * @param encryptionKey the KMS key of an SSE-KMS or DSSE-KMS default encryption; empty for other encryption
 *     or when the encryption could not be read
 * @param accountPublicAccessBlock the account's public access block, read only where the bucket's own block
 *     is not complete (empty when not read); S3 applies the stricter of the two, setting by setting
 */
public record BucketEvidence(
        S3Destination destination,
        String purpose,
        Observed<Optional<String>> region,
        Observed<Optional<String>> policy,
        Observed<Optional<Encryption>> encryption,
        Observed<Optional<PublicAccessBlock>> publicAccessBlock,
        Observed<String> versioning,
        Observed<Boolean> objectLock,
        Observed<Optional<String>> objectOwnership,
        Optional<KeyEvidence> encryptionKey,
        Optional<Observed<Optional<PublicAccessBlock>>> accountPublicAccessBlock) {

    public BucketEvidence {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(publicAccessBlock, "publicAccessBlock");
        Objects.requireNonNull(versioning, "versioning");
        Objects.requireNonNull(objectLock, "objectLock");
        Objects.requireNonNull(objectOwnership, "objectOwnership");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        Objects.requireNonNull(accountPublicAccessBlock, "accountPublicAccessBlock");
    }

    /** The setting that turns ACLs off, which the Bedrock user guide asks of a log bucket. */
    public static final String OWNER_ENFORCED = "BucketOwnerEnforced";

    /** "log bucket audit-logs" and the like, for details. */
    public String describe() {
        return purpose + " " + destination.bucketName();
    }

    /**
     * A bucket's default encryption.
     *
     * @param algorithm e.g. {@code aws:kms}, {@code aws:kms:dsse} or {@code AES256}
     * @param kmsKeyId the KMS key as the bucket names it (key id, key ARN or alias), when it names one
     */
    public record Encryption(String algorithm, Optional<String> kmsKeyId) {
        public Encryption {
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        }
    }

    /** The four settings of an S3 public access block. */
    public record PublicAccessBlock(
            boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy, boolean restrictPublicBuckets) {

        public boolean all() {
            return blockPublicAcls && ignorePublicAcls && blockPublicPolicy && restrictPublicBuckets;
        }

        /** What S3 applies when this block and another both exist: each setting on where either has it on. */
        public PublicAccessBlock or(PublicAccessBlock other) {
            return new PublicAccessBlock(blockPublicAcls || other.blockPublicAcls,
                    ignorePublicAcls || other.ignorePublicAcls, blockPublicPolicy || other.blockPublicPolicy,
                    restrictPublicBuckets || other.restrictPublicBuckets);
        }
    }
}
