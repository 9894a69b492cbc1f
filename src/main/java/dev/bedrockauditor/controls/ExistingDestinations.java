package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.RegionEvidence;
import java.util.Optional;

/**
 * For the checks of a destination's settings: which destinations exist to be checked. A missing
 * destination is the destination control's finding, not theirs; one whose existence could not be read
 * leaves their finding NOT_AVAILABLE. Each destination looked at is a resource of the finding.
 */
final class ExistingDestinations {

    private ExistingDestinations() {}

    static boolean bucketExists(RegionEvidence evidence, BucketEvidence bucket, Assessment assessment) {
        assessment.resource(DestinationResources.bucket(evidence, bucket));
        return !DestinationJudge.unreadable(bucket.region(), assessment) && bucket.region().knownValue().isPresent();
    }

    /**
     * The region of a bucket that exists, which its fix commands must name: a KMS key must be in the bucket's
     * region, and a bucket in another region is still repaired where it is (the destination control replaces it).
     */
    static String bucketRegion(RegionEvidence evidence, BucketEvidence bucket) {
        return bucket.region().knownValue().orElse(evidence.region());
    }

    static Optional<LogGroupEvidence.Settings> logGroup(RegionEvidence evidence, LogGroupEvidence group,
            Assessment assessment) {
        assessment.resource(DestinationResources.logGroup(evidence, group.name()));
        if (DestinationJudge.unreadable(group.group(), assessment)) {
            return Optional.empty();
        }
        return group.group().knownValue();
    }
}
