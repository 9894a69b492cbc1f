package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.RegionEvidence;
import java.util.Optional;

/** The destinations encrypt with AWS KMS: SSE-KMS or DSSE-KMS on each bucket, a KMS key on the log group. */
public final class EncryptionCheck extends DestinationControl {

    public static final String ID = "bedrock-invocation-logging-encryption";

    public EncryptionCheck(ControlMetadata control) {
        super(control, "nothing is written to encrypt", "No existing destination to check; see " + DestinationCheck.ID
                + ".");
    }

    @Override
    void assess(RegionEvidence evidence, DestinationEvidence destinations, Assessment assessment) {
        for (BucketEvidence bucket : destinations.buckets()) {
            if (ExistingDestinations.bucketExists(bucket, assessment)) {
                bucket(bucket, assessment);
            }
        }
        destinations.logGroup().flatMap(group -> ExistingDestinations.logGroup(group, assessment))
                .ifPresent(settings -> logGroup(destinations.logGroup().get(), settings, assessment));
    }

    private static void bucket(BucketEvidence bucket, Assessment assessment) {
        if (DestinationCheck.unreadable(bucket.encryption(), assessment)) {
            return;
        }
        Optional<String> algorithm = bucket.encryption().knownValue();
        String name = bucket.describe();
        if (algorithm.isEmpty()) {
            assessment.problem(name + " has no default encryption");
        } else if (algorithm.get().equals("aws:kms")) {
            assessment.verified(name + " encrypts with SSE-KMS");
        } else if (algorithm.get().equals("aws:kms:dsse")) {
            assessment.verified(name + " encrypts with DSSE-KMS");
        } else if (algorithm.get().equals("AES256")) {
            assessment.problem(name + " uses SSE-S3 only, so anyone who may read the bucket reads every prompt and"
                    + " response; use SSE-KMS with a key whose policy limits who may decrypt");
        } else {
            assessment.problem(name + " encrypts with " + algorithm.get() + ", not SSE-KMS or DSSE-KMS");
        }
    }

    private static void logGroup(LogGroupEvidence group, LogGroupEvidence.Settings settings, Assessment assessment) {
        if (settings.kmsKeyId().isPresent()) {
            assessment.verified("log group " + group.name() + " is encrypted with KMS key " + settings.kmsKeyId().get());
        } else {
            assessment.problem("log group " + group.name() + " has no KMS key (only CloudWatch Logs' default"
                    + " encryption)");
        }
    }
}
