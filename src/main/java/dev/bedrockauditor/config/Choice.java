package dev.bedrockauditor.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** One constant of an enum, named in any case. */
record Choice<E extends Enum<E>>(Class<E> type, E defaultValue) implements SettingKind<E> {

    @Override
    public E parse(SettingInput input) {
        String wanted = input.value().trim().toUpperCase(Locale.ROOT);
        return constants().stream().filter(constant -> constant.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new ConfigurationException(input.name() + " is '" + input.value() + "'; accepted: "
                        + constants().stream().map(Enum::name).collect(Collectors.joining(", "))));
    }

    @Override
    public E absent() {
        return defaultValue;
    }

    /** For example "CHANGES (default), FAILURES, ALWAYS or NEVER". */
    @Override
    public String describe() {
        List<String> names = constants().stream()
                .map(constant -> constant == defaultValue ? constant.name() + " (default)" : constant.name())
                .toList();
        String last = names.get(names.size() - 1);
        return names.size() == 1 ? last : String.join(", ", names.subList(0, names.size() - 1)) + " or " + last;
    }

    private List<E> constants() {
        return Arrays.asList(type.getEnumConstants());
    }
}
