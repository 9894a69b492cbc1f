package dev.bedrockauditor.config;

import java.util.Optional;

/**
 * A setting that has no value unless given; the help says what happens then.
 *
 * @param <V> the parsed value
 */
sealed interface OptionalValue<V> extends SettingKind<Optional<V>> permits RegionNames, RegionName, SnsTopic, RuleName, AccountIds {

    /** What happens when the setting is not given, e.g. "no alert". */
    String whenAbsent();

    @Override
    default Optional<V> absent() {
        return Optional.empty();
    }

    @Override
    default String describe() {
        return "(default: " + whenAbsent() + ")";
    }
}
