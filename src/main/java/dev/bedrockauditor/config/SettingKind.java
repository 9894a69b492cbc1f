package dev.bedrockauditor.config;

/**
 * What a {@link Setting} accepts: how its input is parsed and checked, its value when it is not given,
 * and the help text stating both. Each bound and default is thus written once, in the setting's row.
 *
 * @param <T> the parsed value
 */
sealed interface SettingKind<T> permits WholeNumber, Seconds, DataTypeNames, Choice, OptionalValue, Switch, RoleName {

    /** @throws ConfigurationException naming the input, quoting it as given, and saying what it accepts */
    T parse(SettingInput input);

    /** The value when neither the flag nor the variable is given. */
    T absent();

    /** What the help says after the setting's description: what it accepts, then its default. */
    String describe();
}
