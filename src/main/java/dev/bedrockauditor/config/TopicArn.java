package dev.bedrockauditor.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An SNS topic ARN, split into the parts the auditor needs: the SNS client must be in the topic's region. */
public record TopicArn(String arn, String partition, String region, String accountId, String name) {

    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-z-]*):sns:([a-z]{2}(?:-[a-z]+)+-\\d+):(\\d{12}):([A-Za-z0-9_-]{1,256}(?:\\.fifo)?)");

    /**
     * @param inputName the flag or variable the value came from, named in errors
     * @throws ConfigurationException when the value is not a standard SNS topic ARN
     */
    public static TopicArn parse(String value, String inputName) {
        Matcher matcher = ARN.matcher(value.trim());
        if (!matcher.matches()) {
            throw new ConfigurationException(inputName + " is '" + value + "', which is not an SNS topic ARN;"
                    + " expected arn:aws:sns:REGION:ACCOUNT_ID:TOPIC_NAME");
        }
        if (matcher.group(4).endsWith(".fifo")) {
            throw new ConfigurationException(inputName + " names the FIFO topic '" + matcher.group(4)
                    + "'; alerts go to email, which FIFO topics cannot deliver: use a standard topic");
        }
        return new TopicArn(value.trim(), matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4));
    }
}
