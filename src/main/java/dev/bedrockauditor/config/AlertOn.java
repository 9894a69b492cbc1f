package dev.bedrockauditor.config;

/** When a run sends its SNS alert. */
public enum AlertOn {
    /** A control newly FAILED or NOT_AVAILABLE, or newly back to PASSED, since the previous run. */
    CHANGES,
    /** Every run with a FAILED or NOT_AVAILABLE finding to act on. */
    FAILURES,
    /** Every run. */
    ALWAYS,
    /** Never; delivery failures still end the run in an error. */
    NEVER
}
