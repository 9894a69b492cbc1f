package dev.bedrockauditor.config;

import dev.bedrockauditor.domain.DataType;
import java.util.EnumSet;
import java.util.Set;

/** Comma-separated data types, in any case; by default all of them. */
record DataTypeNames() implements SettingKind<Set<DataType>> {

    @Override
    public Set<DataType> parse(SettingInput input) {
        Set<DataType> types = EnumSet.noneOf(DataType.class);
        for (String item : input.items("data type")) {
            types.add(DataType.parse(item).orElseThrow(() -> new ConfigurationException(input.name() + " has '"
                    + item + "', which is not a data type; accepted: " + DataType.acceptedNames())));
        }
        return types;
    }

    @Override
    public Set<DataType> absent() {
        return EnumSet.allOf(DataType.class);
    }

    @Override
    public String describe() {
        return DataType.acceptedNames() + " (default: all)";
    }
}
