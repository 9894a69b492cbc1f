package dev.bedrockauditor.aws;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns an SDK failure into one sentence a person can act on. */
public final class FailureReasons {

    private static final Set<String> ACCESS_DENIED = Set.of(
            "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
            "UnauthorizedException");
    private static final Set<String> BAD_CREDENTIALS = Set.of(
            "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException",
            "SignatureDoesNotMatch", "IncompleteSignature");
    private static final Set<String> EXPIRED_CREDENTIALS = Set.of(
            "ExpiredToken", "ExpiredTokenException", "RequestExpired");
    private static final int MAX_MESSAGE = 200;

    private final Duration attemptTimeout;
    private final Duration callTimeout;

    public FailureReasons(Duration attemptTimeout, Duration callTimeout) {
        this.attemptTimeout = attemptTimeout;
        this.callTimeout = callTimeout;
    }

    /**
     * @param action the IAM action of the failed call, e.g. {@code bedrock:GetModelInvocationLoggingConfiguration}
     */
    public String describe(Throwable failure, String action) {
        if (failure instanceof AwsServiceException service) {
            return describeService(service, action);
        }
        if (failure instanceof ApiCallTimeoutException) {
            return "Timeout: no answer within the call timeout of " + seconds(callTimeout)
                    + " (retries included); check the network path to AWS or raise --call-timeout";
        }
        if (failure instanceof ApiCallAttemptTimeoutException) {
            return "Timeout: every attempt took longer than the attempt timeout of " + seconds(attemptTimeout)
                    + "; check the network path to AWS or raise --attempt-timeout";
        }
        if (failure instanceof SdkClientException client) {
            return describeClient(client);
        }
        return "unexpected error " + failure.getClass().getSimpleName() + ": " + shorten(failure.getMessage());
    }

    /** Whether the service refused the caller's permission, whatever its own code for it (or a bare 403). */
    public static boolean isAccessDenied(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return (code != null && ACCESS_DENIED.contains(code)) || (code == null && e.statusCode() == 403);
    }

    private String describeService(AwsServiceException e, String action) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String label = code == null || code.isBlank() ? "HTTP " + e.statusCode() : code;
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        if (isAccessDenied(e)) {
            return "AccessDenied: the auditor's role lacks " + action
                    + " (or a service control policy or permissions boundary denies it)";
        }
        if ("InvalidAccessException".equals(code)) {
            return "InvalidAccessException: Security Hub CSPM is not enabled in this region for the account, or may not be"
                    + " used by this caller (" + shorten(message) + ")";
        }
        if (code != null && EXPIRED_CREDENTIALS.contains(code)) {
            return label + ": the AWS credentials have expired; refresh them and run again";
        }
        if (code != null && BAD_CREDENTIALS.contains(code)) {
            return label + ": the credentials are not accepted here; they may be wrong, or the region may not be"
                    + " enabled for this account";
        }
        if (e.isThrottlingException()) {
            return label + ": throttled on every attempt" + attempts(e)
                    + "; run again later or lower --max-concurrency";
        }
        String status = code == null || code.isBlank() ? "" : " (HTTP " + e.statusCode() + ")";
        if (e.statusCode() >= 500) {
            return label + status + ": the service failed on every attempt" + attempts(e)
                    + "; run again later";
        }
        return label + status + " from " + action + ": " + shorten(message);
    }

    private static String describeClient(SdkClientException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Unable to load credentials")) {
            return CredentialsNotLoaded.describe(message, ProfileFiles.ofSdkSettings());
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "network error: cannot resolve " + cause.getMessage() + "; check DNS and the endpoint";
            }
            if (cause instanceof SocketTimeoutException) {
                return "Timeout: " + shorten(cause.getMessage()) + "; check the network path to AWS";
            }
            if (cause instanceof ConnectException) {
                return "network error: " + shorten(cause.getMessage()) + "; check connectivity to AWS";
            }
        }
        if (UnreadableReplies.isUnreadable(e)) {
            // Retried like a reset connection (see AwsClients), so this is what every attempt got.
            return "unreadable reply from the service on every attempt" + attempts(e) + ": "
                    + shorten(message.replaceFirst(" \\(SDK Attempt Count: \\d+\\)$", ""))
                    + "; run again, and report it if it persists";
        }
        if (e.getCause() instanceof IOException io) {
            return "network error: " + shorten(io.getMessage()) + "; check connectivity to AWS";
        }
        return "client error: " + shorten(message);
    }

    private static String attempts(SdkException e) {
        Integer attempts = e.numAttempts();
        return attempts == null ? "" : " (" + attempts + " attempts)";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    static String shorten(String message) {
        if (message == null) {
            return "no message";
        }
        String oneLine = message.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
