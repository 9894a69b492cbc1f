package dev.bedrockauditor.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** When a run sends its SNS alert. */
public enum AlertOn {
    /** A control newly FAILED or NOT_AVAILABLE, or newly back to PASSED, since the previous run. */
    CHANGES,
    /** Every run with a FAILED or NOT_AVAILABLE finding to act on. */
    FAILURES,
    /** Every run. */
    ALWAYS,
    /** Never; delivery failures still end the run in an error. */
    NEVER;

    public static Optional<AlertOn> parse(String value) {
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.name().equals(wanted)).findFirst();
    }

    public static String acceptedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
