package dev.bedrockauditor.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A comma-separated list of AWS account ids, each exactly 12 digits, none twice. Checked up front, so a typo is
 * a usage error naming the input and the entry, not an account reported as unreachable.
 *
 * @param whenAbsent what happens when it is not given, for the help
 */
record AccountIds(String whenAbsent) implements OptionalValue<List<String>> {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    @Override
    public Optional<List<String>> parse(SettingInput input) {
        Set<String> ids = new LinkedHashSet<>();
        List<String> entries = List.of(input.value().split(",", -1));
        for (int i = 0; i < entries.size(); i++) {
            String id = entries.get(i).trim();
            if (id.isEmpty()) {
                throw new ConfigurationException(input.name() + " is '" + input.value() + "': entry " + (i + 1)
                        + " is empty; expected account ids separated by commas, e.g. 111122223333,444455556666");
            }
            if (!ACCOUNT_ID.matcher(id).matches()) {
                throw new ConfigurationException(input.name() + " names '" + id + "', which is not an AWS account id;"
                        + " expected exactly 12 digits (keep leading zeros), e.g. 012345678901");
            }
            if (!ids.add(id)) {
                throw new ConfigurationException(input.name() + " names account " + id + " twice");
            }
        }
        return Optional.of(List.copyOf(new ArrayList<>(ids)));
    }

    @Override
    public String describe() {
        return "(12-digit ids, comma-separated; default: " + whenAbsent() + ")";
    }
}
