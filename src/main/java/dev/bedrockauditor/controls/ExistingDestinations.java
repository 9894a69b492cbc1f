package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.LogGroupEvidence;
import java.util.Optional;

/**
 * For the checks of a destination's settings: which destinations exist to be checked. A missing
 * destination is the destination control's finding, not theirs; one whose existence could not be read
 * leaves their finding NOT_AVAILABLE.
 */
final class ExistingDestinations {

    private ExistingDestinations() {}

    static boolean bucketExists(BucketEvidence bucket, Assessment assessment) {
        return !DestinationCheck.unreadable(bucket.region(), assessment) && bucket.region().knownValue().isPresent();
    }

    static Optional<LogGroupEvidence.Settings> logGroup(LogGroupEvidence group, Assessment assessment) {
        if (DestinationCheck.unreadable(group.group(), assessment)) {
            return Optional.empty();
        }
        return group.group().knownValue();
    }
}
