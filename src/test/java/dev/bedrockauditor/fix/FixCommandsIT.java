package dev.bedrockauditor.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.controls.DataTypesCheck;
import dev.bedrockauditor.controls.DestinationCheck;
import dev.bedrockauditor.controls.EncryptionCheck;
import dev.bedrockauditor.controls.LogProtectionCheck;
import dev.bedrockauditor.controls.LoggingEnabledCheck;
import dev.bedrockauditor.testing.AwsCli;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoServer;
import dev.bedrockauditor.testing.Reports;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.CloudWatchConfig;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * A fix command fixes the failure it sits under: for each failure, seeded in moto, the commands the alert
 * prints for the region (the distinct fixes of its FAILED findings, RESOURCES first, then CONFIGURATION) run
 * in one bash shell with the real AWS CLI, and the audit that follows finds the failed controls PASSED and no
 * control worse.
 */
@ExtendWith(MotoServer.class)
class FixCommandsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = MotoAccount.ACCOUNT;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> CONTROLS = List.of(LoggingEnabledCheck.ID, DataTypesCheck.ID,
            DestinationCheck.ID, EncryptionCheck.ID, LogProtectionCheck.ID);
    private static final String LOG_GROUP = "/aws/bedrock/invocations";

    /**
     * moto 5.2.1 does not implement CloudWatch Logs AssociateKmsKey (it answers HTTP 500: "NotImplementedError:
     * The associate_kms_key action has not been implemented"). The command still runs with the real CLI, which
     * checks its syntax and parameters against the service model before it sends the request; only on that exact
     * answer is its effect emulated with calls moto implements: the key must exist in the region, and the log
     * group is created again with the key, keeping its retention. Every other command runs unchanged.
     */
    private static final String MOTO_WORKAROUNDS = """
            aws() {
              if [ "${1-} ${2-}" != "logs associate-kms-key" ]; then
                command aws "$@"
                return
              fi
              local err rc=0
              err=$(AWS_MAX_ATTEMPTS=1 command aws "$@" 2>&1 >/dev/null) || rc=$?
              if [ "$rc" -eq 0 ]; then
                return 0
              fi
              case "$err" in
                *"(500) when calling the AssociateKmsKey operation"*) ;;
                *) printf '%s\\n' "$err" >&2; return "$rc" ;;
              esac
              shift 2
              local region='' group='' key='' days
              while [ $# -gt 0 ]; do
                case "$1" in
                  --region) region=$2 ;;
                  --log-group-name) group=$2 ;;
                  --kms-key-id) key=$2 ;;
                  *) echo "moto workaround: unexpected argument $1" >&2; return 2 ;;
                esac
                shift 2
              done
              command aws kms describe-key --region "$region" --key-id "$key" >/dev/null
              days=$(command aws logs describe-log-groups --region "$region" --log-group-name-prefix "$group" \\
                --query "logGroups[?logGroupName=='$group'] | [0].retentionInDays" --output text)
              command aws logs delete-log-group --region "$region" --log-group-name "$group"
              command aws logs create-log-group --region "$region" --log-group-name "$group" --kms-key-id "$key"
              if [ "$days" != None ]; then
                command aws logs put-retention-policy --region "$region" --log-group-name "$group" \\
                  --retention-in-days "$days"
              fi
            }
            """;

    private MotoServer moto;
    private MotoAccount account;

    @BeforeAll
    static void theAwsCliIsThere() {
        AwsCli.assumeOnPath();
    }

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        this.account = new MotoAccount(moto);
    }

    // ---- logging, data types and the S3 destination ----

    @Test
    void turningLoggingOnMakesEveryControlPassInOneRound() {
        String region = "eu-west-1";
        Audit before = audit(region);
        before.assertStatus(LoggingEnabledCheck.ID, "FAILED", "Logging is off");
        assertEquals(List.of("RESOURCES", "CONFIGURATION"), before.alertFixes().stream()
                .map(fix -> fix.get("stage").asText()).toList());

        Audit after = repair(before);

        String bucket = "bedrock-invocation-logs-" + ACCOUNT + "-" + region;
        after.assertStatus(LoggingEnabledCheck.ID, "PASSED", "s3://" + bucket + "/bedrock/");
        after.assertStatus(DataTypesCheck.ID, "PASSED", "TEXT, IMAGE, EMBEDDING, VIDEO, AUDIO");
        after.assertStatus(DestinationCheck.ID, "PASSED", bucket + " exists in " + region);
        after.assertStatus(EncryptionCheck.ID, "PASSED", bucket + " encrypts with SSE-KMS");
        after.assertStatus(LogProtectionCheck.ID, "PASSED", "blocks public access; log bucket " + bucket
                + " keeps object versions");
        after.assertAllPassed();
        assertBucketUsesKeyOfItsRegion(region, bucket);
    }

    @Test
    void missingDataTypesAreTurnedOnKeepingTheDestination() {
        String region = "us-west-2";
        account.healthyBucket(region, "audit-logs", "prod/");
        account.logging(region, LoggingConfig.builder()
                .s3Config(S3Config.builder().bucketName("audit-logs").keyPrefix("prod/").build())
                .textDataDeliveryEnabled(true).build());
        Audit before = audit(region);
        before.assertStatus(DataTypesCheck.ID, "FAILED", "Not delivered: IMAGE, EMBEDDING, VIDEO, AUDIO");

        repair(before).assertAllPassed();

        LoggingConfig saved = loggingConfig(region);
        assertEquals(S3Config.builder().bucketName("audit-logs").keyPrefix("prod/").build(), saved.s3Config());
        assertEquals(List.of(true, true, true, true, true), List.of(saved.textDataDeliveryEnabled(),
                saved.imageDataDeliveryEnabled(), saved.embeddingDataDeliveryEnabled(), saved.videoDataDeliveryEnabled(),
                saved.audioDataDeliveryEnabled()));
    }

    @Test
    void aDeletedBucketIsCreatedAgainEvenUnderAPrefixWithAQuoteAndASpace() {
        String region = "us-east-1";
        String prefix = "it's logs/";
        logToBucket(region, "deleted-bucket", prefix);
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "log bucket deleted-bucket does not exist");
        before.assertStatus(LoggingEnabledCheck.ID, "FAILED", "records nothing");

        Audit after = repair(before);

        after.assertStatus(LoggingEnabledCheck.ID, "PASSED", "s3://deleted-bucket/" + prefix);
        after.assertStatus(DestinationCheck.ID, "PASSED", "deleted-bucket exists in " + region);
        after.assertStatus(DataTypesCheck.ID, "PASSED", "Every required data type");
        after.assertStatus(LogProtectionCheck.ID, "PASSED", "keeps object versions");
        after.assertStatus(EncryptionCheck.ID, "PASSED", "log bucket deleted-bucket encrypts with SSE-KMS");
        after.assertAllPassed();
        try (S3Client s3 = account.s3(region)) {
            assertTrue(s3.getBucketPolicy(request -> request.bucket("deleted-bucket")).policy()
                    .contains("arn:aws:s3:::deleted-bucket/it's logs/AWSLogs/" + ACCOUNT + "/BedrockModelInvocationLogs/*"));
        }
    }

    @Test
    void aBucketWithoutPolicyGetsOne() {
        String region = "ap-southeast-2";
        account.healthyBucket(region, "audit-logs", "");
        try (S3Client s3 = account.s3(region)) {
            s3.deleteBucketPolicy(request -> request.bucket("audit-logs"));
        }
        logToBucket(region, "audit-logs", "");
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "has no bucket policy");

        repair(before).assertAllPassed();
    }

    @Test
    void aPolicyWithOtherStatementsKeepsThemAndGainsBedrocks() throws Exception {
        String region = "eu-central-1";
        account.healthyBucket(region, "audit-logs", "");
        String others = "[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                + "\"Resource\":[\"arn:aws:s3:::audit-logs\",\"arn:aws:s3:::audit-logs/*\"],"
                + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}},"
                + "{\"Sid\":\"AuditorsRead\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT
                + ":root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::audit-logs/*\"}]";
        try (S3Client s3 = account.s3(region)) {
            s3.putBucketPolicy(request -> request.bucket("audit-logs")
                    .policy("{\"Version\":\"2012-10-17\",\"Statement\":" + others + "}"));
        }
        logToBucket(region, "audit-logs", "");
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "no statement allows bedrock.amazonaws.com s3:PutObject");

        repair(before).assertAllPassed();

        JsonNode statements;
        try (S3Client s3 = account.s3(region)) {
            statements = JSON.readTree(s3.getBucketPolicy(request -> request.bucket("audit-logs")).policy())
                    .get("Statement");
        }
        assertEquals(3, statements.size(), statements.toString());
        assertEquals(JSON.readTree(others).get(0), statements.get(0));
        assertEquals(JSON.readTree(others).get(1), statements.get(1));
        assertEquals(FixCommands.BUCKET_STATEMENT_ID, statements.get(2).get("Sid").asText());
    }

    @Test
    void aDenyForBedrockGetsAdviceOnlyAndStaysFailed() {
        String region = "us-east-1";
        account.healthyBucket(region, "audit-logs", "");
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NoBedrockWrites\",\"Effect\":\"Deny\","
                + "\"Principal\":{\"Service\":\"bedrock.amazonaws.com\"},\"Action\":\"s3:PutObject\","
                + "\"Resource\":\"arn:aws:s3:::audit-logs/*\"}]}";
        try (S3Client s3 = account.s3(region)) {
            s3.putBucketPolicy(request -> request.bucket("audit-logs").policy(policy));
        }
        logToBucket(region, "audit-logs", "");
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "statement NoBedrockWrites denies");

        List<JsonNode> fixes = before.alertFixes();
        assertEquals(1, fixes.size(), fixes.toString());
        assertTrue(fixes.get(0).get("summary").asText().startsWith("Remove or narrow the statement of bucket"
                + " audit-logs's policy"), fixes.toString());
        assertEquals(0, fixes.get(0).get("commands").size(), fixes.toString());
        Audit after = repair(before);

        after.assertStatus(LoggingEnabledCheck.ID, "FAILED", "statement NoBedrockWrites denies");
        after.assertStatus(DestinationCheck.ID, "FAILED", "statement NoBedrockWrites denies");
        try (S3Client s3 = account.s3(region)) {
            assertEquals(policy, s3.getBucketPolicy(request -> request.bucket("audit-logs")).policy());
        }
    }

    @Test
    void aBucketInAnotherRegionIsReplacedByANewOneInTheRegion() {
        String region = "us-west-2";
        account.bucket("eu-west-1", "far-logs");
        account.logging(region, LoggingConfig.builder()
                .s3Config(S3Config.builder().bucketName("far-logs").keyPrefix("x/").build())
                .textDataDeliveryEnabled(true).build());
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "log bucket far-logs is in eu-west-1, not " + region);
        // The far bucket's own settings are repaired where it is: a KMS key must be in the bucket's region.
        before.assertStatus(EncryptionCheck.ID, "FAILED", "log bucket far-logs has no default encryption");
        before.assertStatus(LogProtectionCheck.ID, "FAILED", "log bucket far-logs has no public access block");

        Audit after = repair(before);

        String bucket = "bedrock-invocation-logs-" + ACCOUNT + "-" + region;
        after.assertStatus(LoggingEnabledCheck.ID, "PASSED", "s3://" + bucket + "/x/");
        after.assertStatus(DataTypesCheck.ID, "PASSED", "Every required data type");
        after.assertStatus(DestinationCheck.ID, "PASSED", bucket + " exists in " + region);
        after.assertStatus(LogProtectionCheck.ID, "PASSED", "log bucket " + bucket + " keeps object versions");
        after.assertAllPassed();
        assertBucketUsesKeyOfItsRegion("eu-west-1", "far-logs");
        assertBucketUsesKeyOfItsRegion(region, bucket);
        assertEquals(S3Config.builder().bucketName(bucket).keyPrefix("x/").build(), loggingConfig(region).s3Config());
    }

    // ---- the CloudWatch Logs destination ----

    @Test
    void aMissingLogGroupIsCreatedKeepingEventsLongEnough() {
        String region = "eu-west-2";
        logToCloudWatch(region, LOG_GROUP, account.healthyRole("BedrockLogging", region, LOG_GROUP));
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "log group " + LOG_GROUP + " does not exist");

        Audit after = repair(before);

        after.assertStatus(LoggingEnabledCheck.ID, "PASSED", "CloudWatch log group " + LOG_GROUP);
        after.assertStatus(DataTypesCheck.ID, "PASSED", "Every required data type");
        after.assertStatus(DestinationCheck.ID, "PASSED", "log group " + LOG_GROUP + " exists");
        after.assertStatus(LogProtectionCheck.ID, "PASSED", "keeps events 90 days");
        after.assertStatus(EncryptionCheck.ID, "PASSED", "log group " + LOG_GROUP + " is encrypted with KMS key");
        after.assertAllPassed();
    }

    @Test
    void aMissingRoleWithAPathIsCreatedWithThatPath() {
        String region = "us-east-1";
        healthyLogGroup(region, null);
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/service-role/bedrock/LoggingRole";
        logToCloudWatch(region, LOG_GROUP, roleArn);
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "role " + roleArn + " does not exist");

        repair(before).assertAllPassed();

        Role role = role("LoggingRole");
        assertEquals(roleArn, role.arn());
        assertEquals("/service-role/bedrock/", role.path());
    }

    @Test
    void aRoleThatDoesNotTrustBedrockTrustsItKeepingItsOtherStatements() throws Exception {
        String region = "eu-west-1";
        healthyLogGroup(region, 365);
        String ec2 = "{\"Sid\":\"Ec2\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                + "\"Action\":\"sts:AssumeRole\"}";
        String roleArn;
        try (IamClient iam = moto.client(IamClient.builder(), "us-east-1")) {
            roleArn = iam.createRole(request -> request.roleName("Ec2Only").path("/service/x/")
                    .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":" + ec2 + "}")).role().arn();
        }
        logToCloudWatch(region, LOG_GROUP, roleArn);
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "role " + roleArn + " trust policy");

        repair(before).assertAllPassed();

        // IAM returns the document URL-encoded.
        JsonNode trust = JSON.readTree(URLDecoder.decode(role("Ec2Only").assumeRolePolicyDocument(),
                StandardCharsets.UTF_8)).get("Statement");
        assertEquals(2, trust.size(), trust.toString());
        assertEquals(JSON.readTree(ec2), trust.get(0));
        assertEquals(FixCommands.TRUST_STATEMENT_ID, trust.get(1).get("Sid").asText());
    }

    @Test
    void aLogGroupWithoutRoleGetsANewRoleNamedInTheConfiguration() {
        String region = "us-west-2";
        healthyLogGroup(region, null);
        // The API model marks cloudWatchConfig.roleArn required: the AWS CLI refuses to send such a configuration
        // and Bedrock rejects it. The SDK does not check required members and moto 5.2.1 stores it, so the
        // auditor's handling of a configuration read without a role is exercised here.
        account.logging(region, LoggingConfig.builder()
                .cloudWatchConfig(CloudWatchConfig.builder().logGroupName(LOG_GROUP).build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true).build());
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "the CloudWatch destination names no role");

        repair(before).assertAllPassed();

        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/BedrockInvocationLogging-" + region;
        assertEquals(roleArn, loggingConfig(region).cloudWatchConfig().roleArn());
        assertEquals(roleArn, role("BedrockInvocationLogging-" + region).arn());
    }

    // ---- encryption ----

    @Test
    void sseS3IsReplacedBySseKmsWithAKeyOfTheRegion() {
        String region = "sa-east-1";
        account.healthyBucket(region, "audit-logs", "");
        try (S3Client s3 = account.s3(region)) {
            s3.putBucketEncryption(request -> request.bucket("audit-logs").serverSideEncryptionConfiguration(config ->
                    config.rules(rule -> rule.applyServerSideEncryptionByDefault(sse -> sse
                            .sseAlgorithm(ServerSideEncryption.AES256)))));
        }
        logToBucket(region, "audit-logs", "");
        Audit before = audit(region);
        before.assertStatus(EncryptionCheck.ID, "FAILED", "uses SSE-S3 only");

        repair(before).assertAllPassed();

        assertBucketUsesKeyOfItsRegion(region, "audit-logs");
    }

    @Test
    void aLogGroupWithoutKmsKeyGetsOne() {
        String region = "ap-northeast-1";
        logToCloudWatch(region, LOG_GROUP, account.healthyRole("BedrockLogging", region, LOG_GROUP));
        account.logGroup(region, LOG_GROUP, null, 365);
        Audit before = audit(region);
        before.assertStatus(EncryptionCheck.ID, "FAILED", "log group " + LOG_GROUP + " has no KMS key");

        repair(before).assertAllPassed();

        LogGroup group = logGroup(region);
        assertTrue(group.kmsKeyId().startsWith("arn:aws:kms:" + region + ":" + ACCOUNT + ":key/"), group.toString());
        assertEquals(365, group.retentionInDays());
    }

    // ---- protection ----

    @Test
    void aBucketWithoutPublicAccessBlockGetsOne() {
        bucketWithPublicAccessBlock(null);
    }

    @Test
    void aPartialPublicAccessBlockIsCompleted() {
        bucketWithPublicAccessBlock(PublicAccessBlockConfiguration.builder().blockPublicAcls(true)
                .ignorePublicAcls(true).blockPublicPolicy(false).restrictPublicBuckets(false).build());
    }

    private void bucketWithPublicAccessBlock(PublicAccessBlockConfiguration block) {
        String region = "us-east-2";
        account.healthyBucket(region, "audit-logs", "");
        try (S3Client s3 = account.s3(region)) {
            if (block == null) {
                s3.deletePublicAccessBlock(request -> request.bucket("audit-logs"));
            } else {
                s3.putPublicAccessBlock(request -> request.bucket("audit-logs").publicAccessBlockConfiguration(block));
            }
        }
        logToBucket(region, "audit-logs", "");
        Audit before = audit(region);
        before.assertStatus(LogProtectionCheck.ID, "FAILED", block == null ? "has no public access block"
                : "does not block public access fully (off: BlockPublicPolicy, RestrictPublicBuckets)");

        repair(before).assertAllPassed();

        try (S3Client s3 = account.s3(region)) {
            assertEquals(PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true)
                    .blockPublicPolicy(true).restrictPublicBuckets(true).build(),
                    s3.getPublicAccessBlock(request -> request.bucket("audit-logs")).publicAccessBlockConfiguration());
        }
    }

    // ---- what Bedrock needs of a destination beyond its existence ----

    @Test
    void aBucketWithAclsOnGetsThemTurnedOff() {
        String region = "eu-central-1";
        account.healthyBucket(region, "audit-logs", "");
        try (S3Client s3 = account.s3(region)) {
            s3.putBucketOwnershipControls(request -> request.bucket("audit-logs").ownershipControls(controls -> controls
                    .rules(rule -> rule.objectOwnership(ObjectOwnership.OBJECT_WRITER))));
        }
        logToBucket(region, "audit-logs", "");
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "log bucket audit-logs has Object Ownership ObjectWriter, so"
                + " its ACLs are on");

        repair(before).assertAllPassed();
    }

    @Test
    void aDisabledKeyIsEnabledAndAKeyPendingDeletionIsKept() {
        String region = "us-west-2";
        String keyArn = account.healthyBucket(region, "audit-logs", "");
        logToBucket(region, "audit-logs", "");
        String keyId = keyArn.substring(keyArn.lastIndexOf('/') + 1);
        kms(region, "aws kms disable-key --region " + region + " --key-id " + keyId);
        Audit disabled = audit(region);
        disabled.assertStatus(DestinationCheck.ID, "FAILED", "KMS key " + keyArn + " is Disabled");
        disabled.assertStatus(LoggingEnabledCheck.ID, "FAILED", "records nothing");
        repair(disabled).assertAllPassed();

        kms(region, "aws kms schedule-key-deletion --region " + region + " --key-id " + keyId
                + " --pending-window-in-days 7");
        Audit pending = audit(region);
        pending.assertStatus(DestinationCheck.ID, "FAILED", "KMS key " + keyArn + " is PendingDeletion");
        repair(pending).assertAllPassed();
    }

    @Test
    void aKeyPolicyWithoutBedrockGainsItsStatementKeepingTheOthers() {
        String region = "ap-northeast-1";
        account.healthyBucket(region, "audit-logs", "");
        String rootOnly = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Root\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
        String keyArn = account.key(region, rootOnly);
        try (S3Client s3 = account.s3(region)) {
            s3.putBucketEncryption(request -> request.bucket("audit-logs").serverSideEncryptionConfiguration(config ->
                    config.rules(rule -> rule.applyServerSideEncryptionByDefault(sse -> sse
                            .sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(keyArn)))));
        }
        logToBucket(region, "audit-logs", "");
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "KMS key " + keyArn + " policy: no statement allows"
                + " bedrock.amazonaws.com kms:GenerateDataKey");

        repair(before).assertAllPassed();

        String policy = kms(region, "aws kms get-key-policy --region " + region + " --key-id " + keyArn
                + " --policy-name default --query Policy --output text");
        assertTrue(policy.contains("\"Root\"") && policy.contains("BedrockEncryptsInvocationLogs"), policy);
    }

    @Test
    void aRoleWithoutPermissionToWriteGetsAnInlinePolicy() {
        String region = "us-east-1";
        account.healthyLogGroup(region, LOG_GROUP, null);
        account.healthyBucket(region, "large-payloads", "");
        account.logging(region, allTypes(LoggingConfig.builder().cloudWatchConfig(CloudWatchConfig.builder()
                .logGroupName(LOG_GROUP).roleArn(account.role("TrustOnly", Reports.setupGuideTrustPolicy(ACCOUNT)))
                .largeDataDeliveryS3Config(S3Config.builder().bucketName("large-payloads").build()).build())));
        Audit before = audit(region);
        before.assertStatus(DestinationCheck.ID, "FAILED", "permissions (read: no inline policy; no attached policy):"
                + " the role has no permission policy");
        before.assertStatus(LoggingEnabledCheck.ID, "FAILED", "records nothing");

        repair(before).assertAllPassed();
    }

    @Test
    void binaryDataToCloudWatchOnlyGetsALargeDataBucket() {
        String region = "eu-west-2";
        account.healthyLogGroup(region, LOG_GROUP, null);
        logToCloudWatch(region, LOG_GROUP, account.healthyRole("Writer", region, LOG_GROUP));
        Audit before = audit(region);
        before.assertStatus(DataTypesCheck.ID, "FAILED", "Not delivered: IMAGE, VIDEO, AUDIO");
        before.assertStatus(LoggingEnabledCheck.ID, "PASSED", "CloudWatch log group " + LOG_GROUP);

        Audit after = repair(before);

        after.assertAllPassed();
        String bucket = "bedrock-large-invocation-data-" + ACCOUNT + "-" + region;
        assertEquals(S3Config.builder().bucketName(bucket).keyPrefix("bedrock/").build(),
                loggingConfig(region).cloudWatchConfig().largeDataDeliveryS3Config());
        after.assertStatus(DestinationCheck.ID, "PASSED", "large-data bucket " + bucket + " exists in " + region);
    }

    /** Runs one AWS CLI command against moto and returns what it printed. */
    private String kms(String region, String command) {
        AwsCli.Result run = AwsCli.run(moto.endpoint(), command, Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), command + ": " + run.stderr());
        return run.stdout().strip();
    }

    @Test
    void aBucketWithoutVersioningKeepsVersions() {
        String region = "ca-central-1";
        account.bucket(region, "audit-logs");
        try (S3Client s3 = account.s3(region)) {
            s3.putBucketPolicy(request -> request.bucket("audit-logs")
                    .policy(Reports.setupGuideBucketPolicy("audit-logs", "", ACCOUNT, region)));
            s3.putBucketEncryption(request -> request.bucket("audit-logs").serverSideEncryptionConfiguration(config ->
                    config.rules(rule -> rule.applyServerSideEncryptionByDefault(sse -> sse
                            .sseAlgorithm(ServerSideEncryption.AWS_KMS)
                            .kmsMasterKeyID("arn:aws:kms:" + region + ":" + ACCOUNT + ":key/logs")))));
            s3.putPublicAccessBlock(request -> request.bucket("audit-logs").publicAccessBlockConfiguration(block -> block
                    .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        }
        logToBucket(region, "audit-logs", "");
        Audit before = audit(region);
        before.assertStatus(LogProtectionCheck.ID, "FAILED", "keeps no object versions (versioning Off");

        repair(before).assertAllPassed();
    }

    @Test
    void aShortRetentionBecomesTheRequiredOne() {
        String region = "eu-north-1";
        healthyLogGroup(region, 30);
        logToCloudWatch(region, LOG_GROUP, account.healthyRole("BedrockLogging", region, LOG_GROUP));
        Audit before = audit(region, Map.of("MIN_LOG_RETENTION_DAYS", "90"));
        before.assertStatus(LogProtectionCheck.ID, "FAILED", "keeps events 30 days, less than the required 90");

        repair(before).assertAllPassed();

        assertEquals(90, logGroup(region).retentionInDays());
    }

    @Test
    void aRequiredRetentionCloudWatchDoesNotOfferIsRoundedUpToTheNextItDoes() {
        String region = "eu-north-1";
        healthyLogGroup(region, 30);
        logToCloudWatch(region, LOG_GROUP, account.healthyRole("BedrockLogging", region, LOG_GROUP));
        Audit before = audit(region, Map.of(), "--min-log-retention-days", "100");
        before.assertStatus(LogProtectionCheck.ID, "FAILED", "keeps events 30 days, less than the required 100");

        repair(before).assertAllPassed();

        // moto accepts any number of days; CloudWatch Logs accepts 90 or 120, not 100.
        assertEquals(120, logGroup(region).retentionInDays());
    }

    // ---- the harness ----

    /** One audit of one region, as {@code --output json} printed it. */
    private record Audit(String region, Map<String, String> environment, List<String> options, JsonNode report) {

        JsonNode finding(String controlId) {
            return found(controlId).orElseThrow(() -> new AssertionError("no finding of " + controlId + " in " + report));
        }

        /** Empty for a control that does not apply in the region: one that needs logging on, where it is off. */
        Optional<JsonNode> found(String controlId) {
            return StreamSupport.stream(report.get("findings").spliterator(), false)
                    .filter(f -> f.get("region").asText().equals(region) && f.get("controlId").asText().equals(controlId))
                    .findFirst();
        }

        boolean loggingOff() {
            return finding(LoggingEnabledCheck.ID).get("detail").asText().startsWith("Logging is off");
        }

        void assertStatus(String controlId, String status, String detailPart) {
            JsonNode finding = finding(controlId);
            assertEquals(status, finding.get("status").asText(), finding::toString);
            assertTrue(finding.get("detail").asText().contains(detailPart),
                    () -> "expected \"" + detailPart + "\" in " + finding);
        }

        void assertAllPassed() {
            CONTROLS.forEach(control -> assertStatus(control, "PASSED", ""));
        }

        /**
         * What the alert prints for the region, in its order: the distinct fixes of the FAILED findings, those
         * of stage RESOURCES first, then those of stage CONFIGURATION.
         */
        List<JsonNode> alertFixes() {
            List<JsonNode> failed = CONTROLS.stream().flatMap(control -> found(control).stream())
                    .filter(f -> f.get("status").asText().equals("FAILED")).toList();
            List<JsonNode> fixes = new ArrayList<>();
            for (String stage : List.of("RESOURCES", "CONFIGURATION")) {
                failed.forEach(finding -> finding.get("fixes").forEach(fix -> {
                    if (fix.get("stage").asText().equals(stage) && !fixes.contains(fix)) {
                        fixes.add(fix);
                    }
                }));
            }
            return fixes;
        }
    }

    private Audit audit(String region) {
        return audit(region, Map.of());
    }

    private Audit audit(String region, Map<String, String> environment, String... options) {
        List<String> args = new ArrayList<>(List.of("--regions", region, "--output", "json"));
        args.addAll(Arrays.asList(options));
        CommandRun.Result run = CommandRun.run(moto.endpoint(), environment, args.toArray(String[]::new));
        try {
            Audit audit = new Audit(region, environment, List.of(options), JSON.readTree(run.stdout()));
            // Every control has a finding, but where logging is off only the enabled control does.
            CONTROLS.forEach(control -> assertEquals(!audit.loggingOff() || control.equals(LoggingEnabledCheck.ID),
                    audit.found(control).isPresent(), control));
            return audit;
        } catch (Exception e) {
            throw new AssertionError("the audit printed no JSON report (exit " + run.exitCode() + "): " + run.stdout()
                    + run.stderr(), e);
        }
    }

    /**
     * Runs what the alert prints for the audit's region in one bash shell, audits again with the same settings,
     * and checks that no control that PASSED before got worse; returns the new audit.
     */
    private Audit repair(Audit before) {
        List<JsonNode> fixes = before.alertFixes();
        assertFalse(fixes.isEmpty(), () -> "nothing to repair: " + before.report());
        String commands = fixes.stream().flatMap(fix -> StreamSupport.stream(fix.get("commands").spliterator(), false))
                .map(JsonNode::asText).collect(Collectors.joining("\n"));
        AwsCli.Result run = AwsCli.run(moto.endpoint(), MOTO_WORKAROUNDS + commands, SCRIPT_TIMEOUT);
        if (run.exitCode() != 0) {
            fail("the fix commands exited with " + run.exitCode() + ":\n" + commands + "\n--- stderr:\n" + run.stderr());
        }
        Audit after = audit(before.region(), before.environment(), before.options().toArray(String[]::new));
        for (String control : CONTROLS) {
            if (before.found(control).filter(f -> f.get("status").asText().equals("PASSED")).isPresent()) {
                after.assertStatus(control, "PASSED", "");
            }
        }
        return after;
    }

    // ---- seeding and reading back ----

    private void logToBucket(String region, String bucket, String prefix) {
        account.logging(region, allTypes(LoggingConfig.builder()
                .s3Config(S3Config.builder().bucketName(bucket).keyPrefix(prefix).build())));
    }

    private void logToCloudWatch(String region, String group, String roleArn) {
        account.logging(region, allTypes(LoggingConfig.builder()
                .cloudWatchConfig(CloudWatchConfig.builder().logGroupName(group).roleArn(roleArn).build())));
    }

    private static LoggingConfig allTypes(LoggingConfig.Builder config) {
        return config.textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true).build();
    }

    /** The log group with a KMS key CloudWatch Logs may use, and the retention given (null: never expire). */
    private void healthyLogGroup(String region, Integer retentionDays) {
        account.healthyLogGroup(region, LOG_GROUP, retentionDays);
    }

    private LoggingConfig loggingConfig(String region) {
        try (BedrockClient bedrock = moto.client(BedrockClient.builder(), region)) {
            return bedrock.getModelInvocationLoggingConfiguration(request -> { }).loggingConfig();
        }
    }

    private LogGroup logGroup(String region) {
        try (CloudWatchLogsClient logs = moto.client(CloudWatchLogsClient.builder(), region)) {
            return logs.describeLogGroups(request -> request.logGroupNamePrefix(LOG_GROUP)).logGroups().stream()
                    .filter(group -> group.logGroupName().equals(LOG_GROUP)).findFirst().orElseThrow();
        }
    }

    private Role role(String name) {
        try (IamClient iam = moto.client(IamClient.builder(), "us-east-1")) {
            return iam.getRole(request -> request.roleName(name)).role();
        }
    }

    /** The bucket encrypts with SSE-KMS, S3 Bucket Key on, and a key that exists in the bucket's region. */
    private void assertBucketUsesKeyOfItsRegion(String region, String bucket) {
        ServerSideEncryptionRule rule;
        try (S3Client s3 = account.s3(region)) {
            rule = s3.getBucketEncryption(request -> request.bucket(bucket)).serverSideEncryptionConfiguration()
                    .rules().get(0);
        }
        assertEquals(ServerSideEncryption.AWS_KMS, rule.applyServerSideEncryptionByDefault().sseAlgorithm());
        assertTrue(rule.bucketKeyEnabled(), rule::toString);
        String keyArn = rule.applyServerSideEncryptionByDefault().kmsMasterKeyID();
        assertTrue(keyArn.startsWith("arn:aws:kms:" + region + ":" + ACCOUNT + ":key/"), keyArn);
        // No KMS SDK client on the test classpath: ask as a user would.
        AwsCli.Result key = AwsCli.run(moto.endpoint(), "aws kms describe-key --region " + region + " --key-id "
                + keyArn + " --query KeyMetadata.Arn --output text", Duration.ofSeconds(60));
        assertEquals(keyArn, key.stdout().strip(), key.stderr());
    }
}
