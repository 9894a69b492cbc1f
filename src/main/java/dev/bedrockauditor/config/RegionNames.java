package dev.bedrockauditor.config;

import dev.bedrockauditor.config.AuditSettings.RegionList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Comma-separated region names, in any case, each listed once.
 *
 * @param whenAbsent what happens when none are given, for the help
 */
record RegionNames(String whenAbsent) implements OptionalValue<RegionList> {

    @Override
    public Optional<RegionList> parse(SettingInput input) {
        Set<String> names = new LinkedHashSet<>();
        Map<String, String> typed = new HashMap<>();
        for (String item : input.items("region")) {
            String name = RegionName.lowerCase(input.name(), item);
            names.add(name);
            typed.putIfAbsent(name, item);
        }
        return Optional.of(new RegionList(List.copyOf(names), input.name(), typed));
    }

    @Override
    public String describe() {
        return "e.g. us-east-1,eu-west-1 " + OptionalValue.super.describe();
    }
}
