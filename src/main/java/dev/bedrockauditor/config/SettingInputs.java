package dev.bedrockauditor.config;

import java.util.EnumMap;
import java.util.Map;

/** The settings given: each from its flag, or else its environment variable. */
final class SettingInputs {

    private final Map<Setting, SettingInput> given = new EnumMap<>(Setting.class);

    /** An empty variable counts as unset, as SAM passes an empty parameter. */
    SettingInputs(Map<Setting, String> flags, Map<String, String> environment) {
        for (Setting setting : Setting.values()) {
            if (flags.containsKey(setting)) {
                given.put(setting, new SettingInput(setting.flag(), flags.get(setting)));
            } else {
                String value = environment.get(setting.environmentVariable());
                if (value != null && !value.isBlank()) {
                    given.put(setting, new SettingInput(setting.environmentVariable(), value));
                }
            }
        }
    }

    /**
     * The setting's value, parsed by its kind, or its default.
     *
     * @param kind the kind the setting's row declares; a mismatch is a programming error
     */
    <T> T value(Setting setting, Class<? extends SettingKind<T>> kind) {
        return parsed(setting, kind.cast(setting.kind()));
    }

    /** The same for a {@link Choice}, whose generic class cannot be named as a class literal. */
    <E extends Enum<E>> E choice(Setting setting, Class<E> type) {
        return type.cast(parsed(setting, setting.kind()));
    }

    /** The flag or variable that gave the setting, or the flag marked as the default. */
    String nameOf(Setting setting) {
        SettingInput input = given.get(setting);
        return input != null ? input.name() : setting.flag() + " (default)";
    }

    private <T> T parsed(Setting setting, SettingKind<T> kind) {
        SettingInput input = given.get(setting);
        return input == null ? kind.absent() : kind.parse(input);
    }
}
