package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.fix.FixCommands;
import java.util.Optional;

/** The destinations encrypt with AWS KMS: SSE-KMS or DSSE-KMS on each bucket, a KMS key on the log group. */
public final class EncryptionCheck extends DestinationControl {

    public static final String ID = "bedrock-invocation-logging-encryption";

    public EncryptionCheck(ControlMetadata control) {
        super(control, "No existing destination to check; see " + DestinationCheck.ID + ".");
    }

    @Override
    void assess(RegionEvidence evidence, DestinationEvidence destinations, Assessment assessment) {
        for (BucketEvidence bucket : destinations.buckets()) {
            if (ExistingDestinations.bucketExists(evidence, bucket, assessment)) {
                bucket(evidence, bucket, assessment);
            }
        }
        destinations.logGroup().ifPresent(group -> ExistingDestinations.logGroup(evidence, group, assessment)
                .ifPresent(settings -> logGroup(evidence, group, settings, assessment)));
    }

    private static void bucket(RegionEvidence evidence, BucketEvidence bucket, Assessment assessment) {
        if (DestinationJudge.unreadable(bucket.encryption(), assessment)) {
            return;
        }
        Optional<BucketEvidence.Encryption> encryption = bucket.encryption().knownValue();
        encryption.flatMap(BucketEvidence.Encryption::kmsKeyId)
                .ifPresent(key -> assessment.resource(DestinationResources.kmsKey(evidence, key)));
        String name = bucket.describe();
        String algorithm = encryption.map(BucketEvidence.Encryption::algorithm).orElse("");
        if (algorithm.equals("aws:kms") || algorithm.equals("aws:kms:dsse")) {
            assessment.verified(name + " encrypts with " + (algorithm.equals("aws:kms") ? "SSE-KMS" : "DSSE-KMS"));
            return;
        }
        String problem = switch (algorithm) {
            case "" -> name + " has no default encryption";
            case "AES256" -> name + " uses SSE-S3 only, so anyone who may read the bucket reads every prompt and"
                    + " response; use SSE-KMS with a key whose policy limits who may decrypt";
            default -> name + " encrypts with " + algorithm + ", not SSE-KMS or DSSE-KMS";
        };
        // The fix, a new key in the bucket's own region, is built only where there is something to fix.
        assessment.problem(problem, FixCommands.encryptBucket(ExistingDestinations.bucketRegion(evidence, bucket),
                bucket.destination().bucketName(), evidence.accountId(), evidence.partition()));
    }

    private static void logGroup(RegionEvidence evidence, LogGroupEvidence group, LogGroupEvidence.Settings settings,
            Assessment assessment) {
        if (settings.kmsKeyId().isPresent()) {
            assessment.resource(DestinationResources.kmsKey(evidence, settings.kmsKeyId().get()));
            assessment.verified("log group " + group.name() + " is encrypted with KMS key " + settings.kmsKeyId().get());
        } else {
            assessment.problem("log group " + group.name() + " has no KMS key (only CloudWatch Logs' default"
                    + " encryption)", FixCommands.encryptLogGroup(evidence.region(), group.name(), evidence.accountId(),
                    evidence.partition()));
        }
    }
}
