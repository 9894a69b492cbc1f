package dev.bedrockauditor.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The invocation context of a {@link LocalInvoke} run: a fresh request id, the template's timeout and memory,
 * and no function ARN, log group or caller identity, since there is no function.
 */
final class LocalContext implements Context {

    /** AuditorFunction's Timeout and MemorySize in template.yaml. */
    private static final Duration TIMEOUT = Duration.ofSeconds(900);
    private static final int MEMORY_MB = 1024;

    private final String requestId = UUID.randomUUID().toString();
    private final Instant deadline = Instant.now().plus(TIMEOUT);

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
        return (int) Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
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
