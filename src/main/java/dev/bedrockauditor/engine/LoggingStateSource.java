package dev.bedrockauditor.engine;

import dev.bedrockauditor.domain.LoggingState;

/** Reads one region's logging state; never throws, a failure is {@link LoggingState.Unknown} with its reason. */
@FunctionalInterface
public interface LoggingStateSource {

    LoggingState read(String region);
}
