package dev.bedrockauditor.config;

import dev.bedrockauditor.config.AuditSettings.NamedRegion;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One region name, in any case; whether AWS knows the region is checked later, against the home region's
 * partition.
 *
 * @param whenAbsent what happens when it is not given, for the help
 */
record RegionName(String whenAbsent) implements OptionalValue<NamedRegion> {

    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    @Override
    public Optional<NamedRegion> parse(SettingInput input) {
        return Optional.of(new NamedRegion(lowerCase(input.name(), input.value()), input.name(), input.value().trim()));
    }

    /**
     * The region name as the SDK takes it.
     *
     * @param typed quoted as given in the error, so that the user finds it in what they typed
     */
    static String lowerCase(String inputName, String typed) {
        String name = typed.trim().toLowerCase(Locale.ROOT);
        if (!REGION_NAME.matcher(name).matches()) {
            throw new ConfigurationException(inputName + " has '" + typed
                    + "', which is not a region name; expected names like us-east-1,eu-west-1");
        }
        return name;
    }
}
