package dev.bedrockauditor.config;

import java.math.BigDecimal;
import java.time.Duration;

/** A duration in seconds from {@code min} to {@code max}, to the millisecond: 5, 2.5, 0.25. */
record Seconds(BigDecimal min, BigDecimal max, BigDecimal defaultValue) implements SettingKind<Duration> {

    /** Takes decimal text, so that a bound such as 0.1 is exact. */
    Seconds(String min, String max, String defaultValue) {
        this(new BigDecimal(min), new BigDecimal(max), new BigDecimal(defaultValue));
    }

    @Override
    public Duration parse(SettingInput input) {
        try {
            BigDecimal value = new BigDecimal(input.value().trim());
            if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
                return duration(value);
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw new ConfigurationException(input.name() + " is '" + input.value() + "'; expected seconds from "
                + min.toPlainString() + " to " + max.toPlainString() + ", e.g. 5 or 2.5");
    }

    @Override
    public Duration absent() {
        return duration(defaultValue);
    }

    @Override
    public String describe() {
        return min.toPlainString() + " to " + max.toPlainString() + " (default " + defaultValue.toPlainString() + ")";
    }

    /** A duration as seconds are typed: 20, 2.5. */
    static String text(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static Duration duration(BigDecimal seconds) {
        return Duration.ofMillis(seconds.movePointRight(3).longValue());
    }
}
