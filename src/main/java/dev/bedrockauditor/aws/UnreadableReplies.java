package dev.bedrockauditor.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import javax.xml.stream.XMLStreamException;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyResponse;

/**
 * Replies that arrived whole but cannot be read: a 200 whose body does not parse. A proxy or a connection cut
 * short causes that as often as a service does, so such a reply is retried like a reset connection, within the
 * same attempts, and only an answer unreadable on every attempt makes a fact unreadable.
 *
 * <p>The SDK already retries a JSON body it cannot parse (its parser fails with an IOException), but not an XML
 * one (the XML reader fails with an XMLStreamException), and it does not parse a bucket policy at all: S3 sends
 * the policy document as the whole reply. This class recognises the first, and turns the second into the first.
 */
final class UnreadableReplies implements ExecutionInterceptor {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The SDK's words for a reply it could not turn into a response, in every protocol. */
    private static final String UNMARSHALL_FAILED = "Unable to unmarshall response";

    /** Whether a call failed on a reply that could not be read (and not, say, on a refusal or a lost connection). */
    static boolean isUnreadable(Throwable failure) {
        if (!(failure instanceof SdkClientException)) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (cause instanceof XMLStreamException || (message != null && message.startsWith(UNMARSHALL_FAILED))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A bucket policy that is not JSON was cut or altered on the way: AWS stores only valid policy documents.
     * Runs inside the attempt, so the retry strategy sees the failure like any other unreadable reply.
     */
    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.response() instanceof GetBucketPolicyResponse reply && reply.policy() != null) {
            try {
                JSON.readTree(reply.policy());
            } catch (JsonProcessingException e) {
                throw SdkClientException.create(UNMARSHALL_FAILED + " (the bucket policy in the reply is not JSON: "
                        + e.getOriginalMessage() + ")", e);
            }
        }
        return context.response();
    }
}
