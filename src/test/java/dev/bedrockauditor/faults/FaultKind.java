package dev.bedrockauditor.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.bedrockauditor.testing.AwsOperation;
import java.net.URI;
import java.time.Duration;

/** A way an AWS call can fail, as WireMock serves it, and the words the auditor must then use for it. */
enum FaultKind {

    /** The service's own throttling error, in its own wire shape. */
    THROTTLING,
    HTTP_500,
    HTTP_503,
    /** The real answer (from moto), later than the attempt timeout. */
    ATTEMPT_TIMEOUT,
    CONNECTION_RESET,
    /** A 200 whose body is cut short. */
    MALFORMED_200,
    /** The service's own refusal of the caller's permission. */
    ACCESS_DENIED,
    /** BatchImportFindings only: a 200 whose FailedFindings lists every finding sent, with a retryable code. */
    FAILED_FINDINGS;

    static final String BATCH_IMPORT = "SecurityHub:BatchImportFindings";

    boolean appliesTo(AwsOperation operation) {
        return this != FAILED_FINDINGS || operation.id().equals(BATCH_IMPORT);
    }

    /**
     * Whether a run gets past the fault when it passes. A refused permission is an answer, not a passing fault:
     * it is never retried, so a "transient" one is reported like a lasting one.
     */
    boolean passes() {
        return this != ACCESS_DENIED;
    }

    /**
     * How many attempts of each call a passing fault spoils: all but the last of the budget. The SDK makes three
     * attempts; findings that FailedFindings lists are sent once more by the auditor itself.
     */
    int spoiledAttempts() {
        return switch (this) {
            case FAILED_FINDINGS, ACCESS_DENIED -> 1;
            default -> 2;
        };
    }

    /** The fault as WireMock answers a request of the operation. */
    ResponseDefinitionBuilder reply(AwsOperation operation, URI moto, Duration attemptTimeout) {
        WireShape.Service service = WireShape.of(operation.service());
        WireShape shape = service.shape();
        return switch (this) {
            case THROTTLING -> shape.error(service, service.throttledStatus(), service.throttledCode(), "Rate exceeded");
            case HTTP_500 -> shape.error(service, 500, shape.internalErrorCode(), "We encountered an internal error");
            case HTTP_503 -> shape.error(service, 503, shape.unavailableCode(), "Service unavailable, try again");
            case ATTEMPT_TIMEOUT -> aResponse().proxiedFrom(moto.toString())
                    .withFixedDelay((int) attemptTimeout.toMillis() + 1_000);
            case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
            case MALFORMED_200 -> shape.cutReply(operation.name());
            case ACCESS_DENIED -> shape.error(service, service.deniedStatus(), service.deniedCode(),
                    "User: arn:aws:sts::123456789012:assumed-role/auditor is not authorized to perform: "
                            + operation.iamAction());
            // Security Hub answers 200 and lists, finding by finding, what it did not take.
            case FAILED_FINDINGS -> aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withTransformers("response-template")
                    .withBody("{\"FailedCount\":{{size (jsonPath request.body '$.Findings')}},\"SuccessCount\":0,"
                            + "\"FailedFindings\":[{{#each (jsonPath request.body '$.Findings') as |finding|}}"
                            + "{{#unless @first}},{{/unless}}{\"Id\":\"{{{finding.Id}}}\",\"ErrorCode\":"
                            + "\"ThrottlingException\",\"ErrorMessage\":\"Rate exceeded\"}{{/each}}]}");
        };
    }

    /** What the auditor's reason must say of a call that failed so on every attempt. */
    String cause(AwsOperation operation, Duration attemptTimeout) {
        return switch (this) {
            case THROTTLING -> WireShape.of(operation.service()).throttledCode() + ": throttled on every attempt"
                    + " (3 attempts)";
            case HTTP_500 -> "(HTTP 500): the service failed on every attempt (3 attempts)";
            case HTTP_503 -> "(HTTP 503): the service failed on every attempt (3 attempts)";
            case ATTEMPT_TIMEOUT -> "Timeout: every attempt took longer than the attempt timeout of "
                    + attemptTimeout.toSeconds() + "s";
            case CONNECTION_RESET -> "network error: Connection reset";
            case MALFORMED_200 -> "unreadable reply from the service on every attempt (3 attempts)";
            case ACCESS_DENIED -> "AccessDenied: the auditor's role lacks " + operation.iamAction();
            case FAILED_FINDINGS -> "ThrottlingException: Rate exceeded";
        };
    }
}
