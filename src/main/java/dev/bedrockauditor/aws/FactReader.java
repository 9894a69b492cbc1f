package dev.bedrockauditor.aws;

import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Observed;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Starts reads of single facts on the workers, each on its own: a failure becomes the reason the fact could
 * not be read, naming the fact and the permission, so one refused read leaves the others intact.
 */
final class FactReader {

    private final FailureReasons reasons;
    private final Workers workers;

    FactReader(FailureReasons reasons, Workers workers) {
        this.reasons = reasons;
        this.workers = workers;
    }

    <T> CompletableFuture<Observed<T>> read(String fact, String action, Supplier<T> call) {
        return workers.start(() -> {
            try {
                return Observed.known(call.get());
            } catch (SdkException e) {
                return Observed.unreadable(unreadable(fact, action, e));
            }
        }, error -> Observed.unreadable(internalError(fact, error)));
    }

    /**
     * Like {@link #read}, where an error code in {@code notConfigured} means the setting is absent: a fact,
     * not a failure to read.
     */
    <T> CompletableFuture<Observed<Optional<T>>> readOptional(String fact, String action, Set<String> notConfigured,
            Supplier<T> call) {
        return workers.start(() -> {
            try {
                return Observed.known(Optional.ofNullable(call.get()));
            } catch (AwsServiceException e) {
                if (e.awsErrorDetails() != null && notConfigured.contains(e.awsErrorDetails().errorCode())) {
                    return Observed.known(Optional.empty());
                }
                return Observed.unreadable(unreadable(fact, action, e));
            } catch (SdkException e) {
                return Observed.unreadable(unreadable(fact, action, e));
            }
        }, error -> Observed.unreadable(internalError(fact, error)));
    }

    /** S3 also refuses a bucket of another account this way, which Bedrock could not use anyway. */
    private String unreadable(String fact, String action, SdkException e) {
        String reason = fact + " not readable: " + reasons.describe(e, action);
        if ((action.startsWith("s3:GetBucket") || action.startsWith("s3:GetEncryption")) && reason.contains("AccessDenied")) {
            reason += "; or the bucket belongs to another account (" + DestinationEvidence.SAME_ACCOUNT_AND_REGION + ")";
        }
        return reason;
    }

    /** A bug, not AWS: said as such, so the fact is reported rather than lost. */
    private static String internalError(String fact, Throwable error) {
        // Without the message's own final period: the finding's sentence ends with one.
        String message = String.valueOf(error.getMessage()).replaceFirst("\\.+$", "");
        return fact + " not read: internal error " + error.getClass().getSimpleName() + ": " + message;
    }
}
