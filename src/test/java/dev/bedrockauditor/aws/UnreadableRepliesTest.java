package dev.bedrockauditor.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.SocketException;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Which failures are a reply that could not be read, and so are retried like a reset connection. */
class UnreadableRepliesTest {

    @Test
    void aReplyTheSdkCouldNotParseIsUnreadableInEveryProtocol() {
        assertTrue(UnreadableReplies.isUnreadable(SdkClientException.create("Unable to unmarshall response (Could not"
                + " parse XML response.). Response Code: 200, Response Text: OK", SdkClientException.create(
                        "Could not parse XML response.", new XMLStreamException("ParseError at [row,col]:[1,48]")))));
        assertTrue(UnreadableReplies.isUnreadable(SdkClientException.create("Could not parse XML response.",
                new XMLStreamException("XML document structures must start and end within the same entity."))),
                "S3 says it without the SDK's usual words");
        assertTrue(UnreadableReplies.isUnreadable(SdkClientException.create("Unable to unmarshall response"
                + " (JsonEOFException: Unexpected end-of-input). Response Code: 200, Response Text: OK",
                new UncheckedIOException(new java.io.IOException("Unexpected end-of-input")))));
    }

    @Test
    void refusalsLostConnectionsAndTimeoutsAreNot() {
        assertFalse(UnreadableReplies.isUnreadable(AwsServiceException.builder().statusCode(500)
                .message("Unable to unmarshall response").build()), "the service's own answer");
        assertFalse(UnreadableReplies.isUnreadable(SdkClientException.create("Unable to execute HTTP request:"
                + " Connection reset", new SocketException("Connection reset"))));
        assertFalse(UnreadableReplies.isUnreadable(ApiCallAttemptTimeoutException.create(3_000)));
        assertFalse(UnreadableReplies.isUnreadable(SdkClientException.create("Unable to load credentials from any of"
                + " the providers in the chain")));
    }
}
