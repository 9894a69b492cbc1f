package dev.bedrockauditor.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

/**
 * The function's log for {@link LocalInvoke}: one line per message on stderr, with its level as in Lambda's
 * text log format. Outside Lambda, {@link LambdaRuntime#getLogger()} prints to stdout without line breaks,
 * which would run the messages together and mix them into the response.
 */
final class StderrLambdaLogger implements LambdaLogger {

    private final PrintStream err;

    StderrLambdaLogger(PrintStream err) {
        this.err = err;
    }

    /**
     * Makes this the logger {@link LambdaRuntime#getLogger()} returns, by setting the same private field the
     * Lambda runtime sets when it starts; must run before the handler is built. Where the field cannot be set
     * (another aws-lambda-java-core), the default logger stays: its messages then run together, on whatever
     * System.out is.
     */
    static void install(PrintStream err) {
        try {
            Field logger = LambdaRuntime.class.getDeclaredField("logger");
            logger.setAccessible(true);
            logger.set(null, new StderrLambdaLogger(err));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // keep the default logger
        }
    }

    @Override
    public void log(String message) {
        err.println(message);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public void log(String message, LogLevel level) {
        log(level == LogLevel.UNDEFINED ? message : "[" + level + "] " + message);
    }

    @Override
    public void log(byte[] message, LogLevel level) {
        log(new String(message, StandardCharsets.UTF_8), level);
    }
}
