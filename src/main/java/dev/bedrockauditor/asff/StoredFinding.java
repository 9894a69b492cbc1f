package dev.bedrockauditor.asff;

import dev.bedrockauditor.domain.Acknowledged;
import dev.bedrockauditor.domain.FindingKey;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * One of this auditor's findings as read back from a Security Hub region ("hub").
 *
 * @param region the audited region the finding is about (not necessarily the hub)
 * @param active whether its RecordState is ACTIVE
 * @param acknowledged what the operator last knew of it (see {@link Acknowledged}); empty when nothing yet
 * @param source the finding as stored, re-imported as is when it is archived
 */
public record StoredFinding(
        String hubRegion,
        String id,
        String region,
        String controlId,
        Status status,
        Severity severity,
        boolean active,
        String createdAt,
        String firstObservedAt,
        Instant updatedAt,
        Optional<Acknowledged> acknowledged,
        AwsSecurityFinding source) {

    public StoredFinding {
        Objects.requireNonNull(hubRegion, "hubRegion");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(controlId, "controlId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(acknowledged, "acknowledged");
        Objects.requireNonNull(source, "source");
    }


    /** The region and control this finding is about: the same key whichever hub holds it. */
    public FindingKey key() {
        return new FindingKey(region, controlId);
    }
}
