package dev.bedrockauditor.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A kind of model input or output that Bedrock can deliver to the log destinations. */
public enum DataType {
    TEXT,
    IMAGE,
    EMBEDDING,
    VIDEO,
    AUDIO;

    /**
     * Binary data (images, video, audio), which Bedrock delivers only to S3: a CloudWatch Logs destination
     * takes it only through the configuration's large-data bucket.
     */
    public boolean onlyToS3() {
        return this == IMAGE || this == VIDEO || this == AUDIO;
    }

    /** Parses a name case-insensitively; empty when it names no data type. */
    public static Optional<DataType> parse(String name) {
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.name().equals(wanted)).findFirst();
    }

    /** The accepted names, for error messages and help text. */
    public static String acceptedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
