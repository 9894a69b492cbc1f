package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.BucketEvidence.PublicAccessBlock;
import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.fix.FixCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The logs are private and kept: each bucket blocks public access and keeps versions (or Object Lock),
 * and the log group keeps events long enough or forever.
 */
public final class LogProtectionCheck extends DestinationControl {

    public static final String ID = "bedrock-invocation-logging-log-protection";

    private final int minRetentionDays;

    public LogProtectionCheck(ControlMetadata control, int minRetentionDays) {
        super(control, "No existing destination to check; see " + DestinationCheck.ID + ".");
        if (minRetentionDays < 1) {
            throw new IllegalArgumentException("the minimum retention must be at least one day");
        }
        this.minRetentionDays = minRetentionDays;
    }

    @Override
    void assess(RegionEvidence evidence, DestinationEvidence destinations, Assessment assessment) {
        for (BucketEvidence bucket : destinations.buckets()) {
            if (ExistingDestinations.bucketExists(evidence, bucket, assessment)) {
                publicAccess(ExistingDestinations.bucketRegion(evidence, bucket), bucket, assessment);
                versions(ExistingDestinations.bucketRegion(evidence, bucket), bucket, assessment);
            }
        }
        destinations.logGroup().ifPresent(group -> ExistingDestinations.logGroup(evidence, group, assessment)
                .ifPresent(settings -> retention(evidence.region(), group, settings, assessment)));
    }

    private static void publicAccess(String region, BucketEvidence bucket, Assessment assessment) {
        if (DestinationJudge.unreadable(bucket.publicAccessBlock(), assessment)) {
            return;
        }
        Optional<PublicAccessBlock> block = bucket.publicAccessBlock().knownValue();
        Fix blockAll = FixCommands.blockPublicAccess(region, bucket.destination().bucketName());
        if (block.isEmpty()) {
            assessment.problem(bucket.describe() + " has no public access block", blockAll);
            return;
        }
        List<String> off = new ArrayList<>();
        if (!block.get().blockPublicAcls()) {
            off.add("BlockPublicAcls");
        }
        if (!block.get().ignorePublicAcls()) {
            off.add("IgnorePublicAcls");
        }
        if (!block.get().blockPublicPolicy()) {
            off.add("BlockPublicPolicy");
        }
        if (!block.get().restrictPublicBuckets()) {
            off.add("RestrictPublicBuckets");
        }
        if (off.isEmpty()) {
            assessment.verified(bucket.describe() + " blocks public access");
        } else {
            assessment.problem(bucket.describe() + " does not block public access fully (off: " + String.join(", ", off)
                    + ")", blockAll);
        }
    }

    private static void versions(String region, BucketEvidence bucket, Assessment assessment) {
        boolean versioned = bucket.versioning().unreadableReason().isEmpty()
                && bucket.versioning().knownValue().equals("Enabled");
        boolean locked = bucket.objectLock().unreadableReason().isEmpty() && bucket.objectLock().knownValue();
        if (versioned || locked) {
            assessment.verified(bucket.describe() + (locked ? " has Object Lock" : " keeps object versions"));
            return;
        }
        boolean unknown = DestinationJudge.unreadable(bucket.versioning(), assessment)
                | DestinationJudge.unreadable(bucket.objectLock(), assessment);
        if (!unknown) {
            assessment.problem(bucket.describe() + " keeps no object versions (versioning "
                    + bucket.versioning().knownValue() + ", no Object Lock), so a deleted or overwritten log is lost",
                    FixCommands.keepVersions(region, bucket.destination().bucketName()));
        }
    }

    private void retention(String region, LogGroupEvidence group, LogGroupEvidence.Settings settings,
            Assessment assessment) {
        if (settings.retentionDays().isEmpty()) {
            assessment.verified("log group " + group.name() + " never expires events");
        } else if (settings.retentionDays().get() >= minRetentionDays) {
            assessment.verified("log group " + group.name() + " keeps events " + settings.retentionDays().get()
                    + " days");
        } else {
            assessment.problem("log group " + group.name() + " keeps events " + settings.retentionDays().get()
                    + " days, less than the required " + minRetentionDays,
                    FixCommands.keepEvents(region, group.name(), minRetentionDays));
        }
    }
}
