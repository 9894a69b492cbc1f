package dev.bedrockauditor.domain;

import java.util.Objects;

/** What the auditor learned about one region's model invocation logging. */
public sealed interface LoggingState {

    /** Logging delivers to at least one destination. */
    record Enabled(LoggingConfiguration configuration) implements LoggingState {
        public Enabled {
            Objects.requireNonNull(configuration, "configuration");
        }
    }

    /** Bedrock answered, and no destination is configured: nothing is logged. */
    record Disabled() implements LoggingState {}

    /** The region could not be read; {@code reason} tells a person what to do about it. */
    record Unknown(String reason) implements LoggingState {
        public Unknown {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("an unknown state needs a reason");
            }
        }
    }
}
