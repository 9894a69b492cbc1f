package dev.bedrockauditor.domain;

/** Whether Bedrock records a region's invocations: a configuration alone is not enough, a destination must work. */
public enum Recording {
    /** At least one destination can receive the logs. */
    RECORDING,
    /** Logging is off, or every destination it names is broken. */
    NOT_RECORDING,
    /** The configuration or its destinations could not be read well enough to tell. */
    UNKNOWN
}
