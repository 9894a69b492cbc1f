package dev.bedrockauditor.config;

import java.util.Optional;

/**
 * A standard SNS topic's ARN.
 *
 * @param whenAbsent what happens when it is not given, for the help
 */
record SnsTopic(String whenAbsent) implements OptionalValue<TopicArn> {

    @Override
    public Optional<TopicArn> parse(SettingInput input) {
        return Optional.of(TopicArn.parse(input.value(), input.name()));
    }
}
