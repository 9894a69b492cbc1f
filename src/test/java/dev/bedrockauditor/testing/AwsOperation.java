package dev.bedrockauditor.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One AWS operation the code performs, named as the SDK names it (its service and operation, the way
 * {@link OperationRecorder} records them), with the IAM action it needs and the step of a run it belongs to.
 *
 * <p>{@link #ALL} is the one list of them. TemplatePermissionsCheck asserts it equals the operations the
 * integration tests recorded, and checks the template's IAM policy against the actions derived from it; the
 * fault matrix (FaultMatrixIT) injects every fault into every operation in it. So a new AWS call fails the build
 * until it is listed here, and once listed it is in the matrix.
 *
 * @param service the SDK's service name, e.g. {@code S3Control}
 * @param name the operation, e.g. {@code GetPublicAccessBlock}
 */
public record AwsOperation(String service, String name, Step step) {

    /** Where in a run the operation is called, which decides what its failure must do to the run. */
    public enum Step {
        /** sts:GetCallerIdentity: without the account nothing can be audited. */
        IDENTIFY,
        /** account:ListRegions: optional; without it every Bedrock region of the partition is audited. */
        DISCOVER,
        /** A region's logging configuration and its destinations. */
        AUDIT,
        /** Security Hub CSPM's earlier findings, read before anything is imported. */
        HISTORY,
        /** The alert topic, checked at the start of a publishing run. */
        TOPIC,
        /** What a publishing run delivers: the findings and the alert. */
        DELIVER,
        /**
         * Organization mode: listing the organization's accounts and entering each member through its role.
         * FaultMatrixIT's single-account runs never make these calls: OrganizationFaultsIT injects every fault
         * into them.
         */
        ACCOUNTS
    }

    public static final List<AwsOperation> ALL = List.of(
            new AwsOperation("Sts", "GetCallerIdentity", Step.IDENTIFY),
            new AwsOperation("Account", "ListRegions", Step.DISCOVER),
            new AwsOperation("Bedrock", "GetModelInvocationLoggingConfiguration", Step.AUDIT),
            new AwsOperation("S3", "GetBucketLocation", Step.AUDIT),
            new AwsOperation("S3", "GetBucketPolicy", Step.AUDIT),
            new AwsOperation("S3", "GetBucketEncryption", Step.AUDIT),
            new AwsOperation("S3", "GetPublicAccessBlock", Step.AUDIT),
            new AwsOperation("S3", "GetBucketVersioning", Step.AUDIT),
            new AwsOperation("S3", "GetObjectLockConfiguration", Step.AUDIT),
            new AwsOperation("S3", "GetBucketOwnershipControls", Step.AUDIT),
            new AwsOperation("S3Control", "GetPublicAccessBlock", Step.AUDIT),
            new AwsOperation("Kms", "DescribeKey", Step.AUDIT),
            new AwsOperation("Kms", "GetKeyPolicy", Step.AUDIT),
            new AwsOperation("CloudWatchLogs", "DescribeLogGroups", Step.AUDIT),
            new AwsOperation("Iam", "GetRole", Step.AUDIT),
            new AwsOperation("Iam", "ListRolePolicies", Step.AUDIT),
            new AwsOperation("Iam", "GetRolePolicy", Step.AUDIT),
            new AwsOperation("Iam", "ListAttachedRolePolicies", Step.AUDIT),
            new AwsOperation("Iam", "GetPolicy", Step.AUDIT),
            new AwsOperation("Iam", "GetPolicyVersion", Step.AUDIT),
            new AwsOperation("CloudTrail", "DescribeTrails", Step.AUDIT),
            new AwsOperation("CloudTrail", "GetTrailStatus", Step.AUDIT),
            new AwsOperation("CloudTrail", "GetEventSelectors", Step.AUDIT),
            new AwsOperation("EventBridge", "DescribeRule", Step.AUDIT),
            new AwsOperation("SecurityHub", "GetFindings", Step.HISTORY),
            new AwsOperation("SecurityHub", "BatchImportFindings", Step.DELIVER),
            new AwsOperation("Sns", "GetTopicAttributes", Step.TOPIC),
            new AwsOperation("Sns", "Publish", Step.DELIVER),
            new AwsOperation("Organizations", "ListAccounts", Step.ACCOUNTS),
            new AwsOperation("Sts", "AssumeRole", Step.ACCOUNTS));

    /** The SDK's service names and the IAM prefixes of their actions. */
    private static final Map<String, String> IAM_PREFIX = Map.ofEntries(
            Map.entry("Bedrock", "bedrock"), Map.entry("Account", "account"), Map.entry("Sts", "sts"),
            Map.entry("SecurityHub", "securityhub"), Map.entry("Sns", "sns"), Map.entry("S3", "s3"),
            Map.entry("Iam", "iam"), Map.entry("CloudWatchLogs", "logs"), Map.entry("Kms", "kms"),
            Map.entry("S3Control", "s3"), Map.entry("CloudTrail", "cloudtrail"), Map.entry("EventBridge", "events"),
            Map.entry("Organizations", "organizations"));

    /** Operations whose IAM action is not named after them. */
    private static final Map<String, String> ACTION_FOR = Map.of(
            "S3Control:GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock",
            "S3:GetBucketEncryption", "s3:GetEncryptionConfiguration",
            "S3:GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock",
            "S3:GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration");

    /** Operations that need no IAM permission at all. */
    private static final List<String> NEED_NO_PERMISSION = List.of("Sts:GetCallerIdentity");

    /** As recorded: {@code Service:Operation}. */
    public String id() {
        return service + ":" + name;
    }

    /**
     * The IAM action that allows the call, e.g. {@code s3:GetAccountPublicAccessBlock} for S3 Control's
     * GetPublicAccessBlock.
     *
     * @throws AssertionError for a service whose IAM prefix is not known here
     */
    public String iamAction() {
        String prefix = IAM_PREFIX.get(service);
        if (prefix == null) {
            throw new AssertionError("the code calls " + id() + "; add the IAM prefix of " + service + " to AwsOperation");
        }
        return ACTION_FOR.getOrDefault(id(), prefix + ":" + name);
    }

    /** The action an IAM policy must grant; empty for a call anyone may make. */
    public Optional<String> permission() {
        return NEED_NO_PERMISSION.contains(id()) ? Optional.empty() : Optional.of(iamAction());
    }

    /** The listed operation of a recorded {@code Service:Operation}, if listed. */
    public static Optional<AwsOperation> of(String recorded) {
        return ALL.stream().filter(operation -> operation.id().equals(recorded)).findFirst();
    }
}
