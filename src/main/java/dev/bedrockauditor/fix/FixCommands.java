package dev.bedrockauditor.fix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.KeyEvidence;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.S3Destination;
import dev.bedrockauditor.policies.BucketPolicyEvaluator;
import dev.bedrockauditor.policies.KeyPolicyEvaluator;
import dev.bedrockauditor.policies.PolicyVerdict;
import dev.bedrockauditor.policies.TrustPolicyEvaluator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The AWS CLI commands that repair each failure the controls find, worded once for the alert, the JSON report
 * and Security Hub. Every command is complete and runnable as printed (AWS CLI v1 or v2, bash): names come from
 * the finding, and what the auditor must invent (a new bucket, role or key) gets a name derived from the
 * account and region. Policies are added to, never replaced: an existing policy keeps its statements.
 */
public final class FixCommands {

    /** The values CloudWatch Logs accepts for a retention policy, in days. */
    static final int[] RETENTION_DAYS = {
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653
    };
    static final String BUCKET_STATEMENT_ID = "AllowBedrockInvocationLogging";
    static final String TRUST_STATEMENT_ID = "AllowBedrockToWriteInvocationLogs";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._/:=@,+%^-]+");
    private static final String PUT_CONFIGURATION = "aws bedrock put-model-invocation-logging-configuration";

    private FixCommands() {}

    /** A bucket name for the auditor to propose: unique per account, region and use, as S3 names must be. */
    public static String newBucketName(String accountId, String region, boolean largeData) {
        return (largeData ? "bedrock-large-invocation-data-" : "bedrock-invocation-logs-") + accountId + "-" + region;
    }

    /** A role name for the auditor to propose, one per region since its policy names the region's log group. */
    public static String newRoleArn(String partition, String accountId, String region) {
        return "arn:" + partition + ":iam::" + accountId + ":role/BedrockInvocationLogging-" + region;
    }

    /** For a region without logging: a new bucket that lets Bedrock write, then a configuration that uses it. */
    public static List<Fix> turnOnLogging(String region, String accountId, String partition, Set<DataType> types) {
        S3Destination bucket = new S3Destination(newBucketName(accountId, region, false), "bedrock/");
        LoggingConfiguration configuration = new LoggingConfiguration(Optional.of(bucket), Optional.empty(), types);
        return List.of(createBucket(region, bucket, "log bucket", accountId, partition),
                configure(region, configuration, "Turn logging on in " + region + ", delivering "
                        + names(types) + " to s3://" + bucket.bucketName() + "/" + bucket.keyPrefix()));
    }

    /**
     * Saves a region's configuration. The API replaces the whole configuration, so every destination and data
     * type to keep is in the command.
     */
    public static Fix configure(String region, LoggingConfiguration configuration, String summary) {
        ObjectNode config = JSON.createObjectNode();
        configuration.s3().ifPresent(bucket -> s3(config.putObject("s3Config"), bucket));
        configuration.cloudWatch().ifPresent(group -> cloudWatch(config.putObject("cloudWatchConfig"), group));
        config.put("textDataDeliveryEnabled", configuration.deliveredTypes().contains(DataType.TEXT));
        config.put("imageDataDeliveryEnabled", configuration.deliveredTypes().contains(DataType.IMAGE));
        config.put("embeddingDataDeliveryEnabled", configuration.deliveredTypes().contains(DataType.EMBEDDING));
        config.put("videoDataDeliveryEnabled", configuration.deliveredTypes().contains(DataType.VIDEO));
        config.put("audioDataDeliveryEnabled", configuration.deliveredTypes().contains(DataType.AUDIO));
        return new Fix(summary + " (the call replaces the region's whole configuration)",
                List.of(PUT_CONFIGURATION + " --region " + region + " --logging-config " + quote(config.toString())),
                Fix.Stage.CONFIGURATION);
    }

    /** A bucket for log delivery, private and versioned, whose policy lets Bedrock write under the prefix. */
    public static Fix createBucket(String region, S3Destination bucket, String purpose, String accountId,
            String partition) {
        String name = bucket.bucketName();
        List<String> commands = new ArrayList<>();
        commands.add("aws s3api create-bucket --region " + region + " --bucket " + quote(name)
                + (region.equals("us-east-1") ? "" : " --create-bucket-configuration LocationConstraint=" + region)
                + " --object-ownership " + BucketEvidence.OWNER_ENFORCED);
        commands.add(blockPublicAccessCommand(region, name));
        commands.add(versioningCommand(region, name));
        commands.addAll(bucketKeyCommands(region, name, accountId, partition));
        commands.add(putBucketPolicy(region, name, bucketPolicy(Optional.empty(), bucket, accountId, region, partition)));
        return new Fix("Create " + purpose + " " + name + " in " + region + ": private, ACLs off, versioned, encrypted"
                + " with a new KMS key, and with a bucket policy that lets bedrock.amazonaws.com write under " + bucket.uri(),
                commands, Fix.Stage.RESOURCES,
                "Create bucket " + name + " (private, versioned, KMS-encrypted, writable by Bedrock)");
    }

    /**
     * Adds Bedrock's statement to the bucket policy (keeping the others). When the result would still refuse
     * Bedrock, a Deny is in the way: that is advice, since the Deny was written on purpose.
     */
    public static Fix allowBedrockToWrite(String region, S3Destination bucket, Optional<String> currentPolicy,
            String accountId, String partition) {
        String name = bucket.bucketName();
        String summary = currentPolicy.isPresent()
                ? "Add statement " + BUCKET_STATEMENT_ID + " to the policy of bucket " + name
                        + " so bedrock.amazonaws.com may s3:PutObject under " + bucket.uri()
                        + " (other statements are kept)"
                : "Give bucket " + name + " a policy that lets bedrock.amazonaws.com s3:PutObject under "
                        + bucket.uri();
        return fixOrAdvice(
                mergeable(currentPolicy).map(policy -> bucketPolicy(policy, bucket, accountId, region, partition)),
                merged -> BucketPolicyEvaluator.evaluate(merged, name, bucket.keyPrefix(), accountId, region,
                        partition),
                merged -> new Fix(summary, List.of(putBucketPolicy(region, name, merged)), Fix.Stage.RESOURCES),
                why -> "Remove or narrow the statement of bucket " + name + "'s policy that keeps"
                        + " bedrock.amazonaws.com from writing under " + bucket.uri() + " (" + why + ")",
                "Rewrite the policy of bucket " + name + " as valid JSON with a Statement that lets"
                        + " bedrock.amazonaws.com s3:PutObject under " + bucket.uri());
    }

    /**
     * The fix that applies a merged policy where the policy then grants what is needed; where it still refuses, a
     * Deny or a condition written on purpose is in the way, so a person decides (advice); where the current
     * policy could not be merged into, advice to rewrite it.
     *
     * @param merged the current policy with the needed statement added; empty when it could not be read
     */
    private static Fix fixOrAdvice(Optional<String> merged, Function<String, PolicyVerdict> evaluate,
            Function<String, Fix> apply, Function<String, String> blockedBecause, String rewrite) {
        if (merged.isEmpty()) {
            return advice(rewrite);
        }
        PolicyVerdict verdict = evaluate.apply(merged.get());
        if (verdict instanceof PolicyVerdict.Allowed) {
            return apply.apply(merged.get());
        }
        return advice(blockedBecause.apply(verdict instanceof PolicyVerdict.Refused refused ? refused.why()
                : ((PolicyVerdict.Unreadable) verdict).why()));
    }

    /** A log group for Bedrock, encrypted with a new KMS key and kept at least {@code minRetentionDays}. */
    public static Fix createLogGroup(String region, String logGroupName, int minRetentionDays, String accountId,
            String partition) {
        return new Fix("Create log group " + logGroupName + " in " + region + ", encrypted with a new KMS key and"
                + " keeping events " + retentionDays(minRetentionDays) + " days",
                List.of(logGroupKeyCommand(region, logGroupName, accountId, partition),
                        "aws logs create-log-group --region " + region + " --log-group-name " + quote(logGroupName)
                                + " --kms-key-id \"$KEY_ARN\"",
                        retentionCommand(region, logGroupName, minRetentionDays)),
                Fix.Stage.RESOURCES);
    }

    /** The role Bedrock assumes to write to the log group, trusting Bedrock and allowed to write there. */
    public static Fix createRole(String region, String roleArn, String logGroupName, String accountId,
            String partition) {
        RoleName role = RoleName.of(roleArn);
        List<String> commands = List.of(
                "aws iam create-role --region " + region + " --role-name " + quote(role.name())
                        + (role.path().equals("/") ? "" : " --path " + quote(role.path()))
                        + " --assume-role-policy-document "
                        + quote(trustPolicy(Optional.empty(), accountId)),
                rolePolicyCommand(region, role.name(), logGroupName, accountId, partition));
        return new Fix("Create role " + roleArn + ", which bedrock.amazonaws.com may assume and which may write to"
                + " log group " + logGroupName, commands, Fix.Stage.RESOURCES);
    }

    /** Adds Bedrock to the role's trust policy (keeping the other statements), or advises where a Deny blocks it. */
    public static Fix trustBedrock(String region, String roleArn, Optional<String> currentTrust, String accountId,
            String partition) {
        RoleName role = RoleName.of(roleArn);
        return fixOrAdvice(mergeable(currentTrust).map(policy -> trustPolicy(policy, accountId)),
                merged -> TrustPolicyEvaluator.evaluate(merged, accountId, region, partition),
                merged -> new Fix("Add statement " + TRUST_STATEMENT_ID + " to the trust policy of role " + roleArn
                        + " so bedrock.amazonaws.com may assume it (other statements are kept)",
                        List.of("aws iam update-assume-role-policy --region " + region + " --role-name "
                                + quote(role.name()) + " --policy-document " + quote(merged)),
                        Fix.Stage.RESOURCES),
                why -> "Remove or narrow the statement of role " + roleArn + "'s trust policy that keeps"
                        + " bedrock.amazonaws.com from assuming it (" + why + ")",
                "Rewrite the trust policy of role " + roleArn + " as valid JSON that lets bedrock.amazonaws.com"
                        + " sts:AssumeRole");
    }

    /** SSE-KMS with a new customer managed key whose policy lets Bedrock encrypt what it writes. */
    public static Fix encryptBucket(String region, String bucketName, String accountId, String partition) {
        return new Fix("Encrypt bucket " + bucketName + " with a new KMS key (SSE-KMS, S3 Bucket Key on) that the account"
                + " administers and bedrock.amazonaws.com may use for this account's logs",
                bucketKeyCommands(region, bucketName, accountId, partition), Fix.Stage.RESOURCES);
    }

    /** A new customer managed key for the log group, usable by CloudWatch Logs for this group only. */
    public static Fix encryptLogGroup(String region, String logGroupName, String accountId, String partition) {
        return new Fix("Encrypt log group " + logGroupName + " with a new KMS key that the account administers and"
                + " CloudWatch Logs may use for this group",
                List.of(logGroupKeyCommand(region, logGroupName, accountId, partition),
                        "aws logs associate-kms-key --region " + region + " --log-group-name " + quote(logGroupName)
                                + " --kms-key-id \"$KEY_ARN\""),
                Fix.Stage.RESOURCES);
    }

    /** A new key Bedrock may use for this account's logs, made the bucket's default encryption. */
    private static List<String> bucketKeyCommands(String region, String bucketName, String accountId, String partition) {
        return List.of(createKeyCommand(region, "Bedrock invocation logs in bucket " + bucketName, accountId, partition,
                        bucketKeyStatement(region, accountId, partition)),
                "aws s3api put-bucket-encryption --region " + region + " --bucket " + quote(bucketName)
                        + " --server-side-encryption-configuration \"Rules=[{ApplyServerSideEncryptionByDefault="
                        + "{SSEAlgorithm=aws:kms,KMSMasterKeyID=$KEY_ARN},BucketKeyEnabled=true}]\"");
    }

    /** Sets $KEY_ARN to a new key that CloudWatch Logs may use for this log group only. */
    private static String logGroupKeyCommand(String region, String logGroupName, String accountId, String partition) {
        return createKeyCommand(region, "Bedrock invocation logs in log group " + logGroupName, accountId, partition,
                logsKeyStatement(region, logGroupArn(partition, region, accountId, logGroupName)));
    }

    /** The Bedrock user guide's key statement for an SSE-KMS log bucket: this account's Bedrock of the region. */
    private static ObjectNode bucketKeyStatement(String region, String accountId, String partition) {
        ObjectNode bedrock = statement("BedrockEncryptsInvocationLogs", "Service", "bedrock.amazonaws.com");
        bedrock.put("Action", "kms:GenerateDataKey").put("Resource", "*");
        ObjectNode condition = bedrock.putObject("Condition");
        condition.putObject("StringEquals").put("aws:SourceAccount", accountId);
        condition.putObject("ArnLike").put("aws:SourceArn", "arn:" + partition + ":bedrock:" + region + ":" + accountId
                + ":*");
        return bedrock;
    }

    /** CloudWatch Logs' key statement, for one log group only. */
    private static ObjectNode logsKeyStatement(String region, String logGroupArn) {
        ObjectNode logs = statement("CloudWatchLogsEncryptsInvocationLogs", "Service", KeyPolicyEvaluator.logsPrincipal(region));
        ArrayNode actions = logs.putArray("Action");
        List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*")
                .forEach(actions::add);
        logs.put("Resource", "*");
        logs.putObject("Condition").putObject("ArnEquals").put("kms:EncryptionContext:aws:logs:arn", logGroupArn);
        return logs;
    }

    /** Turns the bucket's ACLs off, as the Bedrock user guide asks, so only its policy decides access. */
    public static Fix enforceBucketOwner(String region, String bucketName) {
        return new Fix("Turn off the ACLs of bucket " + bucketName + " (Object Ownership " + BucketEvidence.OWNER_ENFORCED
                + "; S3 refuses while an ACL grants access to another account: remove such grants first)",
                List.of("aws s3api put-bucket-ownership-controls --region " + region + " --bucket " + quote(bucketName)
                        + " --ownership-controls 'Rules=[{ObjectOwnership=" + BucketEvidence.OWNER_ENFORCED + "}]'"),
                Fix.Stage.RESOURCES, "Turn off the ACLs of bucket " + bucketName);
    }

    /**
     * Makes a key usable again: a key pending deletion is first kept (which leaves it disabled), then enabled.
     * A key in another state (pending import, unavailable) needs a person.
     */
    public static Fix enableKey(String region, KeyEvidence.Key key) {
        // The key id with its region names the key as well as the ARN does, and every emulator takes it too.
        String id = quote(key.arn().substring(key.arn().lastIndexOf('/') + 1));
        return switch (key.state()) {
            case "PendingDeletion" -> new Fix("Cancel the deletion of KMS key " + key.arn() + " and enable it again",
                    List.of("aws kms cancel-key-deletion --region " + region + " --key-id " + id,
                            "aws kms enable-key --region " + region + " --key-id " + id), Fix.Stage.RESOURCES);
            case "Disabled" -> new Fix("Enable KMS key " + key.arn(),
                    List.of("aws kms enable-key --region " + region + " --key-id " + id), Fix.Stage.RESOURCES);
            default -> advice("Make KMS key " + key.arn() + " usable again (its state is " + key.state()
                    + "), or encrypt the destination with another key");
        };
    }

    /** Adds Bedrock's statement to a bucket's key policy (keeping the others), or advises where that cannot help. */
    public static Fix allowBedrockToUseKey(String region, String keyArn, Optional<String> currentPolicy,
            String accountId, String partition) {
        return grantOnKey(region, keyArn, currentPolicy, bucketKeyStatement(region, accountId, partition),
                merged -> KeyPolicyEvaluator.forBucket(merged, keyArn, accountId, region, partition),
                "bedrock.amazonaws.com may kms:GenerateDataKey for this account's invocation logs");
    }

    /** Adds CloudWatch Logs' statement for the log group to its key policy (keeping the others). */
    public static Fix allowLogsToUseKey(String region, String keyArn, Optional<String> currentPolicy,
            String logGroupName, String accountId, String partition) {
        String groupArn = logGroupArn(partition, region, accountId, logGroupName);
        return grantOnKey(region, keyArn, currentPolicy, logsKeyStatement(region, groupArn),
                merged -> KeyPolicyEvaluator.forLogGroup(merged, keyArn, groupArn, accountId, region),
                KeyPolicyEvaluator.logsPrincipal(region) + " may use it for log group " + logGroupName);
    }

    private static Fix grantOnKey(String region, String keyArn, Optional<String> currentPolicy, ObjectNode statement,
            Function<String, PolicyVerdict> evaluate, String grants) {
        return fixOrAdvice(mergeable(currentPolicy).map(policy -> withStatement(policy, statement)), evaluate,
                merged -> new Fix("Add statement " + statement.get("Sid").asText() + " to the policy of KMS key "
                        + keyArn + " so " + grants + " (other statements are kept)",
                        List.of("aws kms put-key-policy --region " + region + " --key-id " + quote(keyArn)
                                + " --policy-name default --policy " + quote(merged)),
                        Fix.Stage.RESOURCES, "Let the writing service use KMS key " + keyArn),
                why -> "Remove or narrow the statement of KMS key " + keyArn + "'s policy that keeps it from serving: "
                        + why,
                "Rewrite the policy of KMS key " + keyArn + " as valid JSON in which " + grants);
    }

    /**
     * Gives the role an inline policy that lets it write the log group's streams, where no Deny or permissions
     * boundary is what refuses it (those were written on purpose: a person decides).
     */
    public static Fix allowRoleToWrite(String region, String roleArn, String logGroupName, String accountId,
            String partition, PolicyVerdict refusal) {
        if (refusal instanceof PolicyVerdict.Refused refused && (refused.denied()
                || refused.why().startsWith("permissions boundary"))) {
            return advice("Change the policy of role " + roleArn + " that keeps it from writing to log group "
                    + logGroupName + " (" + refused.why() + ")");
        }
        if (refusal instanceof PolicyVerdict.Unreadable unreadable) {
            return advice("Rewrite the policy of role " + roleArn + " as valid JSON (" + unreadable.why() + ")");
        }
        return new Fix("Let role " + roleArn + " write to log group " + logGroupName
                + " (an inline policy allowing logs:CreateLogStream and logs:PutLogEvents on its streams)",
                List.of(rolePolicyCommand(region, RoleName.of(roleArn).name(), logGroupName, accountId, partition)),
                Fix.Stage.RESOURCES, "Let role " + RoleName.of(roleArn).name() + " write to log group " + logGroupName);
    }

    public static Fix blockPublicAccess(String region, String bucketName) {
        return new Fix("Block all public access to bucket " + bucketName,
                List.of(blockPublicAccessCommand(region, bucketName)), Fix.Stage.RESOURCES);
    }

    public static Fix keepVersions(String region, String bucketName) {
        return new Fix("Turn on versioning of bucket " + bucketName + ", so a deleted or overwritten log can be"
                + " recovered", List.of(versioningCommand(region, bucketName)), Fix.Stage.RESOURCES);
    }

    public static Fix keepEvents(String region, String logGroupName, int minRetentionDays) {
        return new Fix("Keep the events of log group " + logGroupName + " " + retentionDays(minRetentionDays) + " days",
                List.of(retentionCommand(region, logGroupName, minRetentionDays)), Fix.Stage.RESOURCES);
    }

    /** A rule that exists but is disabled: enabling it changes nothing else about it (pattern, targets). */
    public static Fix enableRule(String region, String ruleName) {
        return new Fix("Enable EventBridge rule " + ruleName + " in " + region + ", so that changes there reach the"
                + " auditor again", List.of("aws events enable-rule --region " + quote(region) + " --name "
                + quote(ruleName)), Fix.Stage.RESOURCES);
    }

    /**
     * A missing rule is created by what the auditor is deployed with, not by a command: the stack in its home
     * region, the change forwarder everywhere else (its targets and the role that sends to the home bus belong
     * with it).
     */
    public static Fix createRule(String region, String ruleName, String homeRegion) {
        if (region.equals(homeRegion)) {
            return advice("Deploy the auditor's stack again in " + region + " (sam deploy): it creates EventBridge rule "
                    + ruleName + ", which starts an audit when Bedrock logging or its destinations change");
        }
        return advice("Deploy the change forwarder to " + region + " (src/cloudformation/change-forwarder.yaml; README:"
                + " Audits on change, \"Every region, from one stack\"): its"
                + " EventBridge rule " + ruleName + " sends the region's CloudTrail events to the default event bus"
                + " of " + homeRegion);
    }

    /** A trail of this account that was stopped: starting it changes nothing else. It starts in its home region. */
    public static Fix startTrail(String trailHomeRegion, String trailName) {
        return new Fix("Start logging of CloudTrail trail " + trailName, List.of("aws cloudtrail start-logging --region "
                + quote(trailHomeRegion) + " --name " + quote(trailName)), Fix.Stage.RESOURCES);
    }

    /** A trail of the organization's management account is changed there, not by this account. */
    public static Fix startOrganizationTrail(String trailName, String ownerAccount) {
        return advice("Ask account " + ownerAccount + ", which owns organization trail " + trailName
                + ", to start its logging");
    }

    /**
     * Replacing a trail's selectors could drop data events someone chose to log, so the change is described
     * rather than run.
     */
    public static Fix logManagementWrites(String trailName) {
        return advice("Make CloudTrail trail " + trailName + " log management events with API activity Write or All"
                + " (CloudTrail console > Trails > " + trailName + " > Management events), keeping its other selectors");
    }

    /** A new trail needs a bucket whose policy lets CloudTrail write, which only its owner can choose. */
    public static Fix createTrail(String region) {
        return advice("Create a CloudTrail trail that logs management events in " + region + ", best one multi-Region"
                + " (or organization) trail for every region: aws cloudtrail create-trail --name NAME --s3-bucket-name"
                + " BUCKET --is-multi-region-trail, then aws cloudtrail start-logging --name NAME, with a bucket whose"
                + " policy lets cloudtrail.amazonaws.com write (CloudTrail console > Create trail does both)");
    }

    /** A fix no command can carry out: a person must decide. */
    public static Fix advice(String summary) {
        return new Fix(summary, List.of(), Fix.Stage.RESOURCES);
    }

    /** The shortest retention CloudWatch Logs accepts that is at least {@code minDays}. */
    static int retentionDays(int minDays) {
        for (int days : RETENTION_DAYS) {
            if (days >= minDays) {
                return days;
            }
        }
        throw new IllegalArgumentException("no CloudWatch Logs retention is " + minDays + " days or longer");
    }

    /** One shell word: as is when it holds nothing bash would interpret, else in single quotes. */
    static String quote(String word) {
        if (SHELL_SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    private static String names(Set<DataType> types) {
        return EnumSet.copyOf(types).stream().map(Enum::name).reduce((a, b) -> a + ", " + b).orElse("no data type");
    }

    private static void s3(ObjectNode node, S3Destination bucket) {
        node.put("bucketName", bucket.bucketName());
        if (!bucket.keyPrefix().isEmpty()) {
            node.put("keyPrefix", bucket.keyPrefix());
        }
    }

    private static void cloudWatch(ObjectNode node, CloudWatchDestination group) {
        node.put("logGroupName", group.logGroupName());
        if (!group.roleArn().isEmpty()) {
            node.put("roleArn", group.roleArn());
        }
        group.largeDataBucket().ifPresent(large -> s3(node.putObject("largeDataDeliveryS3Config"), large));
    }

    private static String blockPublicAccessCommand(String region, String bucketName) {
        return "aws s3api put-public-access-block --region " + region + " --bucket " + quote(bucketName)
                + " --public-access-block-configuration"
                + " BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true";
    }

    private static String versioningCommand(String region, String bucketName) {
        return "aws s3api put-bucket-versioning --region " + region + " --bucket " + quote(bucketName)
                + " --versioning-configuration Status=Enabled";
    }

    private static String retentionCommand(String region, String logGroupName, int minRetentionDays) {
        return "aws logs put-retention-policy --region " + region + " --log-group-name " + quote(logGroupName)
                + " --retention-in-days " + retentionDays(minRetentionDays);
    }

    private static String putBucketPolicy(String region, String bucketName, String policy) {
        return "aws s3api put-bucket-policy --region " + region + " --bucket " + quote(bucketName) + " --policy "
                + quote(policy);
    }

    private static String rolePolicyCommand(String region, String roleName, String logGroupName, String accountId,
            String partition) {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ObjectNode write = policy.putArray("Statement").addObject().put("Sid", "WriteBedrockInvocationLogs")
                .put("Effect", "Allow");
        write.putArray("Action").add("logs:CreateLogStream").add("logs:PutLogEvents");
        write.put("Resource", logGroupArn(partition, region, accountId, logGroupName) + ":*");
        return "aws iam put-role-policy --region " + region + " --role-name " + quote(roleName) + " --policy-name "
                + quote("BedrockInvocationLogsTo-" + region) + " --policy-document " + quote(policy.toString());
    }

    /** Sets $KEY_ARN to a new key that the account administers (so it is never locked out) plus one grant. */
    private static String createKeyCommand(String region, String description, String accountId, String partition,
            ObjectNode grant) {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        statements.add(statement("AccountAdministersTheKey", "AWS", "arn:" + partition + ":iam::" + accountId + ":root")
                .put("Action", "kms:*").put("Resource", "*"));
        statements.add(grant);
        return "KEY_ARN=$(aws kms create-key --region " + region + " --description " + quote(description)
                + " --policy " + quote(policy.toString()) + " --query KeyMetadata.Arn --output text)";
    }

    private static ObjectNode statement(String sid, String principalType, String principal) {
        ObjectNode statement = JSON.createObjectNode().put("Sid", sid).put("Effect", "Allow");
        statement.putObject("Principal").put(principalType, principal);
        return statement;
    }

    public static String logGroupArn(String partition, String region, String accountId, String logGroupName) {
        return "arn:" + partition + ":logs:" + region + ":" + accountId + ":log-group:" + logGroupName;
    }

    /** The bucket policy with Bedrock's statement added (replacing an earlier statement of ours). */
    private static String bucketPolicy(Optional<ObjectNode> current, S3Destination bucket, String accountId,
            String region, String partition) {
        ObjectNode write = statement(BUCKET_STATEMENT_ID, "Service", "bedrock.amazonaws.com");
        write.put("Action", "s3:PutObject").put("Resource", "arn:" + partition + ":s3:::" + bucket.bucketName() + "/"
                + BucketPolicyEvaluator.normalisedPrefix(bucket.keyPrefix()) + "AWSLogs/" + accountId
                + "/BedrockModelInvocationLogs/*");
        ObjectNode condition = write.putObject("Condition");
        condition.putObject("StringEquals").put("aws:SourceAccount", accountId);
        condition.putObject("ArnLike").put("aws:SourceArn", "arn:" + partition + ":bedrock:" + region + ":"
                + accountId + ":*");
        return withStatement(current, write);
    }

    /** The setup guide's trust: Bedrock, for this account's requests only (any region may share the role). */
    private static String trustPolicy(Optional<ObjectNode> current, String accountId) {
        ObjectNode trust = statement(TRUST_STATEMENT_ID, "Service", "bedrock.amazonaws.com");
        trust.put("Action", "sts:AssumeRole");
        trust.putObject("Condition").putObject("StringEquals").put("aws:SourceAccount", accountId);
        return withStatement(current, trust);
    }

    private static String withStatement(Optional<ObjectNode> current, ObjectNode statement) {
        ObjectNode policy = current.map(ObjectNode::deepCopy)
                .orElseGet(() -> JSON.createObjectNode().put("Version", "2012-10-17"));
        ArrayNode statements = JSON.createArrayNode();
        JsonNode existing = policy.get("Statement");
        if (existing != null && existing.isArray()) {
            existing.forEach(statements::add);
        } else if (existing != null && existing.isObject()) {
            statements.add(existing);
        }
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statement.get("Sid").equals(statements.get(i).get("Sid"))) {
                statements.remove(i);
            }
        }
        statements.add(statement);
        policy.set("Statement", statements);
        return policy.toString();
    }

    /**
     * The current policy as an object to add to: an absent policy gives a fresh one (inner empty); a document
     * that is not a JSON object gives none (outer empty), since adding to it would only hide the problem.
     */
    private static Optional<Optional<ObjectNode>> mergeable(Optional<String> current) {
        if (current.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        try {
            JsonNode node = JSON.readTree(current.get());
            return node instanceof ObjectNode object ? Optional.of(Optional.of(object)) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** A role ARN's path and name, which IAM's commands take apart. */
    record RoleName(String path, String name) {
        static RoleName of(String roleArn) {
            String resource = roleArn.substring(roleArn.indexOf(":role/") + ":role/".length());
            int slash = resource.lastIndexOf('/');
            return slash < 0 ? new RoleName("/", resource)
                    : new RoleName("/" + resource.substring(0, slash + 1), resource.substring(slash + 1));
        }
    }
}
