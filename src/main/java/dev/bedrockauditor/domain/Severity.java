package dev.bedrockauditor.domain;

/** A finding's severity, named as in ASFF {@code Severity.Label}; declared from least to most severe. */
public enum Severity {
    INFORMATIONAL,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
