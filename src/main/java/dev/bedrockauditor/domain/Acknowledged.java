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
 * @param accounts for a finding that names accounts (the member-accounts finding names those not audited), a
 *     digest of their ids: another account not audited is a change even while the finding stays FAILED; empty
 *     for other findings, and for one stored before the digest was kept (then only the status counts)
 */
public record Acknowledged(Status status, Severity severity, Optional<String> accounts) {

    public Acknowledged {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(accounts, "accounts");
    }

    public Acknowledged(Status status, Severity severity) {
        this(status, severity, Optional.empty());
    }

    public static Acknowledged of(Finding finding) {
        return new Acknowledged(finding.status(), finding.severity(), accountsOf(finding));
    }

    public Changes.Previous previous() {
        return new Changes.Previous(status, Finding.needsAttention(status, severity), accounts);
    }

    /**
     * A short digest of the account ids the finding names, sorted (SHA-256, first 16 bytes in hex): short enough
     * for an ASFF product field however many accounts it names. Empty when it names none.
     */
    public static Optional<String> accountsOf(Finding finding) {
        List<String> ids = finding.resources().stream().filter(resource -> resource.kind() == Resource.Kind.AWS_ACCOUNT)
                .map(Resource::arn).sorted().toList();
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
}
