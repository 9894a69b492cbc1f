package dev.bedrockauditor.config;

import java.util.Locale;

/**
 * An on/off setting: a flag given without a value turns it on; its environment variable says {@code true} or
 * {@code false} (any case), since CloudFormation parameters cannot be absent and present at once.
 */
record Switch() implements SettingKind<Boolean> {

    /** The value the command line records for a switch given without a value. */
    static final String ON = "true";

    @Override
    public Boolean parse(SettingInput input) {
        String value = input.value().trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(input.name() + " is '" + input.value()
                    + "'; accepted: true or false");
        };
    }

    @Override
    public Boolean absent() {
        return false;
    }

    @Override
    public String describe() {
        return "(off unless given; the variable takes true or false)";
    }
}
