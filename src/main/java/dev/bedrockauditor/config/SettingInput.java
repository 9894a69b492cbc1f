package dev.bedrockauditor.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One setting's value as given.
 *
 * @param name the flag or variable it came from, named in errors
 */
record SettingInput(String name, String value) {

    /**
     * The items of a comma-separated list (whitespace separates too). An empty item is an error, since it
     * is usually a typo.
     *
     * @param what one item, as errors name it, e.g. "region"
     */
    List<String> items(String what) {
        if (value.isBlank()) {
            throw new ConfigurationException(name + " is empty; give at least one " + what);
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                throw new ConfigurationException(name + " has an empty " + what + " in '" + value
                        + "'; separate items with single commas");
            }
            items.addAll(List.of(trimmed.split("\\s+")));
        }
        return items;
    }
}
