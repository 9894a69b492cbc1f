package dev.bedrockauditor.asff;

import dev.bedrockauditor.domain.FindingKey;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * One of this auditor's findings as read back from a Security Hub region ("hub").
 *
 * @param region the audited region the finding is about (not necessarily the hub)
 * @param active whether its RecordState is ACTIVE
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
        AwsSecurityFinding source) {

    public StoredFinding {
        Objects.requireNonNull(hubRegion, "hubRegion");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(controlId, "controlId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(source, "source");
    }

    /** Whether a person had to act on it, by the same rule as {@link dev.bedrockauditor.domain.Finding#needsAttention}. */
    public boolean neededAttention() {
        return status == Status.FAILED || status == Status.WARNING
                || (status == Status.NOT_AVAILABLE && severity != Severity.INFORMATIONAL);
    }

    /** The region and control this finding is about: the same key whichever hub holds it. */
    public FindingKey key() {
        return new FindingKey(region, controlId);
    }
}
