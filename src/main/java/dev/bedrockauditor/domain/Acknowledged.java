package dev.bedrockauditor.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a finding the operator was last told of by a delivered alert, or chose not to be told of (no
 * topic, ALERT_ON): what "changed" is measured against, so a change whose alert failed is alerted again.
 *
 * @param subjects for a finding that names accounts and hubs (the member-accounts finding names the accounts
 *     not audited and the audited accounts' hubs that refuse their findings), a digest of them: another
 *     account not audited, or another hub refusing, is a change even while the finding stays FAILED; empty for
 *     other findings, and for one stored before the digest was kept (then only the status counts)
 */
public record Acknowledged(Status status, Severity severity, Optional<String> subjects) {

    public Acknowledged {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subjects, "subjects");
    }

    public Acknowledged(Status status, Severity severity) {
        this(status, severity, Optional.empty());
    }

    public static Acknowledged of(Finding finding) {
        return new Acknowledged(finding.status(), finding.severity(), subjectsOf(finding));
    }

    public Changes.Previous previous() {
        return new Changes.Previous(status, Finding.needsAttention(status, severity), subjects);
    }

    /**
     * A short digest of the accounts and hubs the finding names, by their ids sorted (SHA-256, first 16 bytes in
     * hex): short enough for an ASFF product field however many it names. Empty when it names none. Accounts
     * alone digest as they did before hubs counted, so a baseline stored then still compares.
     */
    public static Optional<String> subjectsOf(Finding finding) {
        List<String> ids = subjectIds(finding);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", ids).getBytes(StandardCharsets.UTF_8));
            return Optional.of(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The ids of the accounts and hubs a finding names, sorted: AWS::::Account:ID and hub ARNs. */
    public static List<String> subjectIds(Finding finding) {
        return finding.resources().stream().filter(resource -> resource.kind() == Resource.Kind.AWS_ACCOUNT
                || resource.kind() == Resource.Kind.SECURITY_HUB).map(Resource::arn).sorted().toList();
    }
}
