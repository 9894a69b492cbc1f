package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.BucketEvidence.PublicAccessBlock;
import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.Observed;
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

    /**
     * S3 applies the stricter of the bucket's and the account's block, setting by setting; the account's is
     * read only where the bucket's own is not complete.
     */
    private static void publicAccess(String region, BucketEvidence bucket, Assessment assessment) {
        if (DestinationJudge.unreadable(bucket.publicAccessBlock(), assessment)) {
            return;
        }
        Optional<PublicAccessBlock> own = bucket.publicAccessBlock().knownValue();
        Fix blockAll = FixCommands.blockPublicAccess(region, bucket.destination().bucketName());
        if (own.map(PublicAccessBlock::all).orElse(false)) {
            assessment.verified(bucket.describe() + " blocks public access");
            return;
        }
        Optional<PublicAccessBlock> account = Optional.empty();
        if (bucket.accountPublicAccessBlock().isPresent()) {
            Observed<Optional<PublicAccessBlock>> read = bucket.accountPublicAccessBlock().get();
            if (read.unreadableReason().isPresent()) {
                // Whether the account blocks what the bucket does not decides the control: not known.
                assessment.unreadable(bucket.describe() + (own.isEmpty() ? " has no public access block"
                        : " does not block public access fully") + ", and " + read.unreadableReason().get());
                return;
            }
            account = read.knownValue();
        }
        boolean accountRead = bucket.accountPublicAccessBlock().isPresent();
        if (own.isEmpty() && account.isEmpty()) {
            assessment.problem(bucket.describe() + " has no public access block" + (accountRead ? ", nor has the account"
                    : ""), blockAll);
            return;
        }
        PublicAccessBlock effective = own.isEmpty() ? account.get()
                : account.map(block -> own.get().or(block)).orElse(own.get());
        if (effective.all()) {
            assessment.verified(bucket.describe() + " blocks public access, with the account's block");
            return;
        }
        String off = " (off: " + String.join(", ", off(effective)) + ")";
        assessment.problem(bucket.describe() + (account.isPresent()
                ? " does not block public access fully, even with the account's block" + off
                : " does not block public access fully" + off + (accountRead
                        ? "; the account has no public access block" : "")), blockAll);
    }

    private static List<String> off(PublicAccessBlock block) {
        List<String> off = new ArrayList<>();
        if (!block.blockPublicAcls()) {
            off.add("BlockPublicAcls");
        }
        if (!block.ignorePublicAcls()) {
            off.add("IgnorePublicAcls");
        }
        if (!block.blockPublicPolicy()) {
            off.add("BlockPublicPolicy");
        }
        if (!block.restrictPublicBuckets()) {
            off.add("RestrictPublicBuckets");
        }
        return off;
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
