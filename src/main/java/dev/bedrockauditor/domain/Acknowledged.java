package dev.bedrockauditor.domain;

import java.util.Objects;

/**
 * The state of a finding the operator was last told of by a delivered alert, or chose not to be told of (no
 * topic, ALERT_ON): what "changed" is measured against, so a change whose alert failed is alerted again.
 */
public record Acknowledged(Status status, Severity severity) {

    public Acknowledged {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
    }

    public static Acknowledged of(Finding finding) {
        return new Acknowledged(finding.status(), finding.severity());
    }

    public Changes.Previous previous() {
        return new Changes.Previous(status, Finding.needsAttention(status, severity));
    }
}
