package dev.bedrockauditor.domain;

import java.util.Objects;

/** One control's verdict for one region; {@code detail} says why, in words a person can act on. */
public record Finding(ControlMetadata control, String region, Status status, Severity severity, String detail) {
    public Finding {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(detail, "detail");
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
        return switch (status) {
            case PASSED -> false;
            case FAILED, WARNING -> true;
            case NOT_AVAILABLE -> severity != Severity.INFORMATIONAL;
        };
    }
}
