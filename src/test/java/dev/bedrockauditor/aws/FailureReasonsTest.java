package dev.bedrockauditor.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class FailureReasonsTest {

    private static final String ACTION = "bedrock:GetModelInvocationLoggingConfiguration";
    private final FailureReasons reasons = new FailureReasons(Duration.ofSeconds(5), Duration.ofMillis(20_500));

    private static AwsServiceException service(int status, String code, String message) {
        return AwsServiceException.builder()
                .statusCode(status)
                .numAttempts(3)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .build();
    }

    @Test
    void accessDeniedNamesTheMissingPermission() {
        assertEquals("AccessDenied: the auditor's role lacks " + ACTION
                        + " (or a service control policy or permissions boundary denies it)",
                reasons.describe(service(403, "AccessDeniedException", "User is not authorized"), ACTION));
    }

    @Test
    void throttlingAfterRetriesSaysSoAndHowToAvoidIt() {
        String reason = reasons.describe(service(429, "ThrottlingException", "Rate exceeded"), ACTION);

        assertEquals("ThrottlingException: throttled on every attempt (3 attempts); run again later or lower"
                + " --max-concurrency", reason);
    }

    @Test
    void serverErrorsAfterRetriesSaySo() {
        assertEquals("InternalServerException (HTTP 500): the service failed on every attempt (3 attempts); run"
                        + " again later",
                reasons.describe(service(500, "InternalServerException", "boom"), ACTION));
    }

    @Test
    void unrecognisedCredentialsHintAtARegionNotEnabled() {
        String reason = reasons.describe(
                service(403, "UnrecognizedClientException", "The security token included in the request is invalid"),
                ACTION);

        assertTrue(reason.startsWith("UnrecognizedClientException: the credentials are not accepted here"), reason);
        assertTrue(reason.contains("the region may not be enabled for this account"), reason);
    }

    @Test
    void expiredCredentialsSaySo() {
        assertEquals("ExpiredTokenException: the AWS credentials have expired; refresh them and run again",
                reasons.describe(service(403, "ExpiredTokenException", "expired"), ACTION));
    }

    @Test
    void otherServiceErrorsKeepTheirCodeAndMessageOnOneShortLine() {
        String reason = reasons.describe(
                service(400, "ValidationException", "bad\nrequest " + "x".repeat(500)), ACTION);

        assertTrue(reason.startsWith("ValidationException (HTTP 400) from " + ACTION + ": bad request x"), reason);
        assertTrue(reason.length() < 300, "length " + reason.length());
        assertTrue(!reason.contains("\n"));
    }

    @Test
    void anErrorWithoutCodeNamesTheHttpStatusOnce() {
        AwsServiceException notFound = AwsServiceException.builder().statusCode(404).message("Not Found").build();

        assertEquals("HTTP 404 from account:ListRegions: Not Found", reasons.describe(notFound, "account:ListRegions"));
    }

    @Test
    void timeoutsNameTheLimitThatWasHit() {
        assertEquals("Timeout: no answer within the call timeout of 20500ms (retries included); check the network"
                        + " path to AWS or raise --call-timeout",
                reasons.describe(ApiCallTimeoutException.create(20_500), ACTION));
        assertEquals("Timeout: every attempt took longer than the attempt timeout of 5s; check the network path to"
                        + " AWS or raise --attempt-timeout",
                reasons.describe(ApiCallAttemptTimeoutException.create(5_000), ACTION));
    }

    @Test
    void aReplyUnreadableOnEveryAttemptSaysSoOnce() {
        SdkClientException unreadable = SdkClientException.builder()
                .message("Unable to unmarshall response (Could not parse XML response.). Response Code: 200, Response"
                        + " Text: OK")
                .cause(SdkClientException.create("Could not parse XML response.",
                        new XMLStreamException("ParseError at [row,col]:[1,48]")))
                .numAttempts(3)
                .build();

        assertEquals("unreadable reply from the service on every attempt (3 attempts): Unable to unmarshall response"
                        + " (Could not parse XML response.). Response Code: 200, Response Text: OK; run again, and"
                        + " report it if it persists",
                reasons.describe(unreadable, ACTION));
    }

    @Test
    void networkAndCredentialProblemsAreNamed() {
        assertEquals("network error: cannot resolve bedrock.eu-west-1.amazonaws.com; check DNS and the endpoint",
                reasons.describe(SdkClientException.create("Unable to execute HTTP request",
                        new UnknownHostException("bedrock.eu-west-1.amazonaws.com")), ACTION));
        assertEquals("network error: Connection refused; check connectivity to AWS",
                reasons.describe(SdkClientException.create("Unable to execute HTTP request",
                        new ConnectException("Connection refused")), ACTION));
        // "found", or "from the profile" where this test runs with AWS_PROFILE set: see CredentialsNotLoadedTest.
        assertTrue(reasons.describe(SdkClientException.create("Unable to load credentials from any of the"
                + " providers in the chain"), ACTION).startsWith("no AWS credentials "));
    }
}
