package dev.bedrockauditor.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of an EventBridge rule, as EventBridge accepts it: 1 to 64 letters, digits, periods, hyphens or
 * underscores. Checked up front, so a typo is a usage error rather than a "rule does not exist" finding in every
 * region.
 *
 * @param whenAbsent what happens when it is not given, for the help
 */
record RuleName(String whenAbsent) implements OptionalValue<String> {

    /** EventBridge's own pattern and length limit for rule names (API reference, PutRule's Name). */
    private static final Pattern RULE_NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");

    @Override
    public Optional<String> parse(SettingInput input) {
        String name = input.value().trim();
        if (!RULE_NAME.matcher(name).matches()) {
            throw new ConfigurationException(input.name() + " is '" + input.value() + "', which is not an EventBridge"
                    + " rule name; expected 1 to 64 letters, digits, '.', '-' or '_', e.g. bedrock-logging-auditor-changes");
        }
        return Optional.of(name);
    }

    /** The help states the accepted form too, since the name must match the rule the stack and forwarder create. */
    @Override
    public String describe() {
        return "(1 to 64 of A-Z a-z 0-9 . - _; default: " + whenAbsent() + ")";
    }
}
