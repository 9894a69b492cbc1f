package dev.bedrockauditor.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.bedrockauditor.engine.AuditLog;

/**
 * The engine's log through the Lambda logger with levels, so the function's JSON log format turns each
 * message into a structured record with its level (and the application log level filters them).
 */
final class LambdaAuditLog implements AuditLog {

    private final LambdaLogger logger;

    LambdaAuditLog(LambdaLogger logger) {
        this.logger = logger;
    }

    @Override
    public void info(String message) {
        logger.log(message, LogLevel.INFO);
    }

    @Override
    public void warn(String message) {
        logger.log(message, LogLevel.WARN);
    }

    void error(String message) {
        logger.log(message, LogLevel.ERROR);
    }
}
