package dev.bedrockauditor.config;

import dev.bedrockauditor.domain.DataType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The audit's settings, checked once up front.
 *
 * @param regions the regions named by the user, if any, and the input they came from
 * @param attemptTimeout limit for one HTTP attempt
 * @param callTimeout limit for one AWS call, retries included
 * @param minLogRetentionDays the shortest retention accepted for a CloudWatch Logs destination
 * @param findingsRegion the one Security Hub region to import into, if set, and the input it came from
 * @param alertTopic the SNS topic for alerts, if any
 */
public record AuditSettings(
        Optional<RegionList> regions,
        Set<DataType> requiredDataTypes,
        int maxConcurrency,
        Duration attemptTimeout,
        Duration callTimeout,
        int minLogRetentionDays,
        Optional<NamedRegion> findingsRegion,
        Optional<TopicArn> alertTopic,
        AlertOn alertOn) {

    /** A region named by the user; {@code inputName} is the flag or variable, for error messages. */
    public record NamedRegion(String name, String inputName) {}

    /** Regions named by the user; {@code inputName} is the flag or variable, for error messages. */
    public record RegionList(List<String> names, String inputName) {
        public RegionList {
            names = List.copyOf(names);
        }
    }

    public static final int DEFAULT_MAX_CONCURRENCY = 8;
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);
    /** The retention AWS's own setup guide gives the log group. */
    public static final int DEFAULT_MIN_LOG_RETENTION_DAYS = 90;

    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    public AuditSettings {
        requiredDataTypes = Set.copyOf(EnumSet.copyOf(requiredDataTypes));
    }

    /** The defaults: discover regions, require every data type. */
    public static AuditSettings defaults() {
        return new AuditSettings(Optional.empty(), EnumSet.allOf(DataType.class), DEFAULT_MAX_CONCURRENCY,
                DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_CALL_TIMEOUT, DEFAULT_MIN_LOG_RETENTION_DAYS, Optional.empty(),
                Optional.empty(), AlertOn.CHANGES);
    }

    /**
     * Reads every setting from its flag, or else its environment variable (an empty variable counts as
     * unset, as SAM passes an empty parameter), or else its default.
     *
     * @param flags values given on the command line
     * @throws ConfigurationException naming the first bad input
     */
    public static AuditSettings resolve(Map<Setting, String> flags, Map<String, String> environment) {
        Map<Setting, Input> inputs = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            if (flags.containsKey(setting)) {
                inputs.put(setting, new Input(setting.flag(), flags.get(setting)));
            } else {
                String value = environment.get(setting.environmentVariable());
                if (value != null && !value.isBlank()) {
                    inputs.put(setting, new Input(setting.environmentVariable(), value));
                }
            }
        }
        AuditSettings defaults = defaults();
        Optional<RegionList> regions = Optional.ofNullable(inputs.get(Setting.REGIONS)).map(AuditSettings::regionList);
        Set<DataType> types = Optional.ofNullable(inputs.get(Setting.REQUIRED_DATA_TYPES))
                .map(AuditSettings::dataTypes)
                .orElse(defaults.requiredDataTypes());
        int concurrency = Optional.ofNullable(inputs.get(Setting.MAX_CONCURRENCY))
                .map(input -> integer(input, 1, 64))
                .orElse(defaults.maxConcurrency());
        Input attemptInput = inputs.get(Setting.ATTEMPT_TIMEOUT);
        Input callInput = inputs.get(Setting.CALL_TIMEOUT);
        Duration attempt = attemptInput == null ? defaults.attemptTimeout() : seconds(attemptInput, "0.1", "120");
        Duration call = callInput == null ? defaults.callTimeout() : seconds(callInput, "0.1", "600");
        if (call.compareTo(attempt) < 0) {
            throw new ConfigurationException(name(callInput, Setting.CALL_TIMEOUT) + " (" + seconds(call)
                    + "s) must be at least " + name(attemptInput, Setting.ATTEMPT_TIMEOUT) + " (" + seconds(attempt)
                    + "s): one call includes at least one attempt");
        }
        int minRetention = Optional.ofNullable(inputs.get(Setting.MIN_LOG_RETENTION_DAYS))
                .map(input -> integer(input, 1, 3653))
                .orElse(defaults.minLogRetentionDays());
        Optional<NamedRegion> findingsRegion = Optional.ofNullable(inputs.get(Setting.FINDINGS_REGION))
                .map(input -> new NamedRegion(regionName(input, input.value().trim().toLowerCase(Locale.ROOT)),
                        input.name()));
        Optional<TopicArn> topic = Optional.ofNullable(inputs.get(Setting.ALERT_TOPIC_ARN))
                .map(input -> TopicArn.parse(input.value(), input.name()));
        AlertOn alertOn = Optional.ofNullable(inputs.get(Setting.ALERT_ON))
                .map(input -> AlertOn.parse(input.value()).orElseThrow(() -> new ConfigurationException(input.name()
                        + " is '" + input.value() + "'; accepted: " + AlertOn.acceptedNames())))
                .orElse(defaults.alertOn());
        return new AuditSettings(regions, types, concurrency, attempt, call, minRetention, findingsRegion, topic,
                alertOn);
    }

    private record Input(String name, String value) {}

    private static String name(Input input, Setting setting) {
        return input != null ? input.name() : setting.flag() + " (default)";
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static RegionList regionList(Input input) {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(
                listItems(input, "region").stream().map(name -> name.toLowerCase(Locale.ROOT)).toList()));
        names.forEach(name -> regionName(input, name));
        return new RegionList(names, input.name());
    }

    private static String regionName(Input input, String name) {
        if (!REGION_NAME.matcher(name).matches()) {
            throw new ConfigurationException(input.name() + " has '" + name
                    + "', which is not a region name; expected names like us-east-1,eu-west-1");
        }
        return name;
    }

    private static Set<DataType> dataTypes(Input input) {
        EnumSet<DataType> types = EnumSet.noneOf(DataType.class);
        for (String item : listItems(input, "data type")) {
            types.add(DataType.parse(item).orElseThrow(() -> new ConfigurationException(input.name() + " has '"
                    + item + "', which is not a data type; accepted: " + DataType.acceptedNames())));
        }
        return types;
    }

    /** Splits on commas (and whitespace); an empty item is an error, since it is usually a typo. */
    private static List<String> listItems(Input input, String what) {
        String value = input.value().trim();
        if (value.isEmpty()) {
            throw new ConfigurationException(input.name() + " is empty; give at least one " + what);
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                throw new ConfigurationException(input.name() + " has an empty " + what + " in '" + input.value()
                        + "'; separate items with single commas");
            }
            for (String word : trimmed.split("\\s+")) {
                items.add(word);
            }
        }
        return items;
    }

    private static int integer(Input input, int min, int max) {
        try {
            int value = Integer.parseInt(input.value().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw new ConfigurationException(input.name() + " is '" + input.value() + "'; expected a whole number from "
                + min + " to " + max);
    }

    private static Duration seconds(Input input, String min, String max) {
        try {
            BigDecimal value = new BigDecimal(input.value().trim());
            if (value.compareTo(new BigDecimal(min)) >= 0 && value.compareTo(new BigDecimal(max)) <= 0) {
                return Duration.ofMillis(value.movePointRight(3).longValue());
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw new ConfigurationException(input.name() + " is '" + input.value() + "'; expected seconds from "
                + min + " to " + max + ", e.g. 5 or 2.5");
    }
}
