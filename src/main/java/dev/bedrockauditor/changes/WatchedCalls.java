package dev.bedrockauditor.changes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The management calls that can turn invocation logging off or break a destination, by EventBridge source,
 * and the request parameter that names what each one changes. The stack's rule and the forwarder template
 * match exactly these (a test keeps both patterns equal to this list).
 */
public final class WatchedCalls {

    /** EventBridge's detail-type for management calls CloudTrail delivers. */
    public static final String DETAIL_TYPE = "AWS API Call via CloudTrail";

    /** The calls, by EventBridge source; each call's value is the request parameter naming its target. */
    static final Map<String, Map<String, String>> CALLS = Map.of(
            "aws.bedrock", Map.of(
                    "PutModelInvocationLoggingConfiguration", "",
                    "DeleteModelInvocationLoggingConfiguration", ""),
            "aws.s3", Map.of(
                    "DeleteBucket", "bucketName",
                    "PutBucketPolicy", "bucketName",
                    "DeleteBucketPolicy", "bucketName",
                    "PutBucketEncryption", "bucketName",
                    "DeleteBucketEncryption", "bucketName",
                    "PutBucketOwnershipControls", "bucketName",
                    "DeleteBucketOwnershipControls", "bucketName",
                    "PutBucketVersioning", "bucketName",
                    "PutPublicAccessBlock", "bucketName",
                    "DeletePublicAccessBlock", "bucketName"),
            "aws.logs", Map.of(
                    "DeleteLogGroup", "logGroupName",
                    "PutRetentionPolicy", "logGroupName",
                    "AssociateKmsKey", "logGroupName",
                    "DisassociateKmsKey", "logGroupName"),
            "aws.iam", Map.of(
                    "DeleteRole", "roleName",
                    "UpdateAssumeRolePolicy", "roleName",
                    "PutRolePolicy", "roleName",
                    "DeleteRolePolicy", "roleName",
                    "AttachRolePolicy", "roleName",
                    "DetachRolePolicy", "roleName",
                    "PutRolePermissionsBoundary", "roleName"),
            "aws.kms", Map.of(
                    "DisableKey", "keyId",
                    "ScheduleKeyDeletion", "keyId",
                    "PutKeyPolicy", "keyId"));

    private WatchedCalls() {}

    public static Set<String> sources() {
        return new TreeSet<>(CALLS.keySet());
    }

    public static Set<String> eventNames() {
        TreeSet<String> names = new TreeSet<>();
        CALLS.values().forEach(calls -> names.addAll(calls.keySet()));
        return names;
    }

    /** The service's short name in CloudTrail's eventSource ({@code s3.amazonaws.com}) and ours ({@code s3}). */
    public static String service(String source) {
        return source.substring("aws.".length());
    }

    public static Set<String> eventSources() {
        TreeSet<String> sources = new TreeSet<>();
        CALLS.keySet().forEach(source -> sources.add(service(source) + ".amazonaws.com"));
        return sources;
    }

    /**
     * The request parameter naming the call's target; empty when the call is not watched, blank when it
     * names none (Bedrock's calls change the region's setting itself).
     */
    static Optional<String> targetParameter(String source, String eventName) {
        return Optional.ofNullable(CALLS.getOrDefault(source, Map.of()).get(eventName));
    }

    /** Every source's calls, sorted, for the README and error messages. */
    public static List<String> describe() {
        return CALLS.keySet().stream().sorted().map(source -> service(source) + " "
                + String.join(", ", new TreeSet<>(CALLS.get(source).keySet()))).toList();
    }
}
