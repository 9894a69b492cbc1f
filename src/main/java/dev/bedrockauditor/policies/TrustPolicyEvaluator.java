package dev.bedrockauditor.policies;

import java.util.Optional;

/** Whether a role's trust policy lets Bedrock assume it to write to CloudWatch Logs. */
public final class TrustPolicyEvaluator {

    private TrustPolicyEvaluator() {}

    public static PolicyVerdict evaluate(String trustPolicyJson, String accountId, String region, String partition) {
        PolicyRequest request = new PolicyRequest(BucketPolicyEvaluator.BEDROCK, "sts:AssumeRole", Optional.empty(),
                BucketPolicyEvaluator.context(accountId, region, partition),
                BucketPolicyEvaluator.BEDROCK + " sts:AssumeRole");
        return PolicyMatcher.evaluate(trustPolicyJson, request);
    }
}
