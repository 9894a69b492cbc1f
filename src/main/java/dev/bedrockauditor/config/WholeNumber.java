package dev.bedrockauditor.config;

/** A whole number from {@code min} to {@code max}. */
record WholeNumber(int min, int max, int defaultValue) implements SettingKind<Integer> {

    @Override
    public Integer parse(SettingInput input) {
        try {
            int value = Integer.parseInt(input.value().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw new ConfigurationException(input.name() + " is '" + input.value() + "'; expected a whole number from "
                + min + " to " + max);
    }

    @Override
    public Integer absent() {
        return defaultValue;
    }

    @Override
    public String describe() {
        return min + " to " + max + " (default " + defaultValue + ")";
    }
}
