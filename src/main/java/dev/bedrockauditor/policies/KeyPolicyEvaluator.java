package dev.bedrockauditor.policies;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a KMS key policy lets the service that writes a destination use the key: Bedrock itself for an
 * SSE-KMS bucket (S3 asks KMS on the writer's behalf), CloudWatch Logs of the region for a log group. A key
 * policy is the only way to grant a service principal a key: IAM policies of the account cannot.
 */
public final class KeyPolicyEvaluator {

    private KeyPolicyEvaluator() {}

    /**
     * For a bucket Bedrock writes to: {@code kms:GenerateDataKey} for bedrock.amazonaws.com, as the Bedrock
     * user guide's key statement grants it, with Bedrock's source account and ARN and the S3 of the region.
     */
    public static PolicyVerdict forBucket(String policyJson, String keyArn, String accountId, String region,
            String partition) {
        Map<String, String> context = new HashMap<>(BucketPolicyEvaluator.context(accountId, region, partition));
        context.put("kms:viaservice", "s3." + region + ".amazonaws.com");
        return evaluate(policyJson, BucketPolicyEvaluator.BEDROCK, List.of("kms:GenerateDataKey"), keyArn, context);
    }

    /**
     * For a log group: {@code kms:GenerateDataKey} to write and {@code kms:Decrypt} to read back, for
     * logs.REGION.amazonaws.com, with the log group's ARN as encryption context (as CloudWatch Logs sends it).
     */
    public static PolicyVerdict forLogGroup(String policyJson, String keyArn, String logGroupArn, String accountId,
            String region) {
        Map<String, String> context = Map.of("kms:encryptioncontext:aws:logs:arn", logGroupArn,
                "aws:sourceaccount", accountId, "aws:securetransport", "true");
        return evaluate(policyJson, logsPrincipal(region), List.of("kms:GenerateDataKey", "kms:Decrypt"), keyArn,
                context);
    }

    /** CloudWatch Logs' service principal in a region, which key policies name. */
    public static String logsPrincipal(String region) {
        return "logs." + region + ".amazonaws.com";
    }

    /** Every action must be allowed; the first refusal (or unreadable policy) is the verdict. */
    private static PolicyVerdict evaluate(String policyJson, String service, List<String> actions, String keyArn,
            Map<String, String> context) {
        List<String> grants = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String action : actions) {
            PolicyRequest request = new PolicyRequest(service, action, Optional.of(keyArn), context,
                    service + " " + action + " on key " + keyArn);
            PolicyVerdict verdict = PolicyMatcher.evaluate(policyJson, request);
            if (!(verdict instanceof PolicyVerdict.Allowed allowed)) {
                return verdict;
            }
            grants.add(allowed.how());
            verdict.notes().stream().filter(note -> !notes.contains(note)).forEach(notes::add);
        }
        return new PolicyVerdict.Allowed(String.join(" and ", grants), notes);
    }
}
