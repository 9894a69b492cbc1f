package dev.bedrockauditor.domain;

import java.util.List;
import java.util.Objects;

/**
 * One control's verdict for one region; {@code detail} says why, in words a person can act on.
 *
 * @param fixes how to repair what this finding fails on, in the order to run them; empty when it passed
 * @param resources the buckets, log groups, roles and keys the finding judges
 */
public record Finding(ControlMetadata control, String region, Status status, Severity severity, String detail,
        List<Fix> fixes, List<Resource> resources) {

    public Finding {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(detail, "detail");
        fixes = List.copyOf(fixes);
        resources = List.copyOf(resources);
    }

    /** A finding about the configuration alone, with nothing to fix by command. */
    public Finding(ControlMetadata control, String region, Status status, Severity severity, String detail) {
        this(control, region, status, severity, detail, List.of(), List.of());
    }

    public String controlId() {
        return control.id();
    }

    public String title() {
        return control.title();
    }

    /**
     * Whether a person should act on this finding: FAILED or WARNING, or NOT_AVAILABLE for a reason of its
     * own. An INFORMATIONAL NOT_AVAILABLE only echoes another control's finding.
     */
    public boolean needsAttention() {
        return needsAttention(status, severity);
    }

    /** The rule of {@link #needsAttention()}, for findings read back from Security Hub too. */
    public static boolean needsAttention(Status status, Severity severity) {
        return switch (status) {
            case PASSED -> false;
            case FAILED, WARNING -> true;
            case NOT_AVAILABLE -> severity != Severity.INFORMATIONAL;
        };
    }
}
