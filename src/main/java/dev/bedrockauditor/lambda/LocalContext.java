package dev.bedrockauditor.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * The invocation context of a {@link LocalInvoke} run: a fresh request id, the template's timeout and memory,
 * and no function ARN, log group or caller identity, since there is no function.
 */
final class LocalContext implements Context {

    /** AuditorFunction's Timeout and MemorySize in template.yaml. */
    private static final Duration TIMEOUT = Duration.ofSeconds(900);
    private static final int MEMORY_MB = 1024;

    private final String requestId = UUID.randomUUID().toString();
    private final IntSupplier remainingMillis;

    /** With the template's timeout, counting from now. */
    LocalContext() {
        Instant deadline = Instant.now().plus(TIMEOUT);
        this.remainingMillis = () -> (int) Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    }

    /** With the remaining time given each time it is asked (tests of a run short of time). */
    LocalContext(IntSupplier remainingMillis) {
        this.remainingMillis = remainingMillis;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return null;
    }

    @Override
    public String getLogStreamName() {
        return null;
    }

    @Override
    public String getFunctionName() {
        return "bedrock-logging-auditor-local";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return null;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public int getMemoryLimitInMB() {
        return MEMORY_MB;
    }

    @Override
    public LambdaLogger getLogger() {
        return LambdaRuntime.getLogger();
    }
}
