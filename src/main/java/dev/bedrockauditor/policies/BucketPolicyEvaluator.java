package dev.bedrockauditor.policies;

import java.util.Map;
import java.util.Optional;

/** Whether a bucket policy lets Bedrock write invocation logs under the configured key prefix. */
public final class BucketPolicyEvaluator {

    static final String BEDROCK = "bedrock.amazonaws.com";

    private BucketPolicyEvaluator() {}

    /**
     * Evaluates the policy for the object Bedrock writes:
     * {@code PREFIX/AWSLogs/ACCOUNT/BedrockModelInvocationLogs/REGION/...}.
     */
    public static PolicyVerdict evaluate(String policyJson, String bucket, String keyPrefix, String accountId,
            String region, String partition) {
        String object = "arn:" + partition + ":s3:::" + bucket + "/" + normalisedPrefix(keyPrefix) + "AWSLogs/"
                + accountId + "/BedrockModelInvocationLogs/" + region + "/invocation.json.gz";
        PolicyRequest request = new PolicyRequest(BEDROCK, "s3:PutObject", Optional.of(object),
                context(accountId, region, partition), BEDROCK + " s3:PutObject on " + object);
        return PolicyMatcher.evaluate(policyJson, request);
    }

    /** Bedrock writes under {@code PREFIX/}: an empty prefix writes at the top, a prefix gains a slash. */
    public static String normalisedPrefix(String keyPrefix) {
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            return "";
        }
        return keyPrefix.endsWith("/") ? keyPrefix : keyPrefix + "/";
    }

    /** The condition keys Bedrock's requests carry: this account, a Bedrock ARN of the region, and TLS. */
    static Map<String, String> context(String accountId, String region, String partition) {
        return Map.of(
                "aws:sourceaccount", accountId,
                "aws:sourcearn", "arn:" + partition + ":bedrock:" + region + ":" + accountId + ":model-invocation-logging",
                "aws:securetransport", "true");
    }
}
