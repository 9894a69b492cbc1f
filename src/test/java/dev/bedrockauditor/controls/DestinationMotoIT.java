package dev.bedrockauditor.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoServer;
import dev.bedrockauditor.testing.Reports;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.bedrock.model.CloudWatchConfig;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The destination, encryption and log-protection controls against healthy and broken destinations in moto. */
@ExtendWith(MotoServer.class)
class DestinationMotoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = MotoAccount.ACCOUNT;
    private static final String REGION = "us-east-1";
    private static final String BUCKET = "bedrock-logs";

    private MotoServer moto;
    private MotoAccount account;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        this.account = new MotoAccount(moto);
    }

    private void logToBucket(String bucket, String prefix) {
        account.logging(REGION, LoggingConfig.builder()
                .s3Config(S3Config.builder().bucketName(bucket).keyPrefix(prefix).build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true).build());
    }

    private void logToCloudWatch(String group, String roleArn) {
        account.logging(REGION, LoggingConfig.builder()
                .cloudWatchConfig(CloudWatchConfig.builder().logGroupName(group).roleArn(roleArn).build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true).build());
    }

    /** A healthy bucket that logging uses, whose default encryption is then set to the algorithm alone. */
    private void healthyBucketEncryptedWith(ServerSideEncryption algorithm) {
        account.healthyBucket(REGION, BUCKET, "");
        try (S3Client s3 = account.s3(REGION)) {
            s3.putBucketEncryption(request -> request.bucket(BUCKET).serverSideEncryptionConfiguration(config -> config
                    .rules(rule -> rule.applyServerSideEncryptionByDefault(sse -> sse.sseAlgorithm(algorithm)))));
        }
        logToBucket(BUCKET, "");
    }

    /** The findings of us-east-1 by control id, from the command's JSON. */
    private Map<String, JsonNode> audit() throws Exception {
        CommandRun.Result run = CommandRun.run(moto.endpoint(), Map.of(), "--regions", REGION, "--output", "json");
        Map<String, JsonNode> findings = new HashMap<>();
        JSON.readTree(run.stdout()).get("findings").forEach(f -> findings.put(f.get("controlId").asText(), f));
        assertEquals(5, findings.size(), run.stdout() + run.stderr());
        return findings;
    }

    private static void assertFinding(JsonNode finding, String status, String detailPart) {
        assertEquals(status, finding.get("status").asText(), finding.toString());
        assertTrue(finding.get("detail").asText().contains(detailPart), finding.toString());
    }

    @Test
    void aBucketBuiltLikeTheSetupGuideWithKmsPassesEveryControl() throws Exception {
        account.healthyBucket(REGION, BUCKET, "prod/");
        logToBucket(BUCKET, "prod/");

        Map<String, JsonNode> findings = audit();

        assertFinding(findings.get(DestinationCheck.ID), "PASSED", "Verified: log bucket " + BUCKET + " exists in "
                + REGION + " and statement AmazonBedrockLogsWrite");
        assertFinding(findings.get(EncryptionCheck.ID), "PASSED", "log bucket " + BUCKET + " encrypts with SSE-KMS");
        assertFinding(findings.get(LogProtectionCheck.ID), "PASSED", "blocks public access");
        assertFinding(findings.get(LogProtectionCheck.ID), "PASSED", "keeps object versions");
    }

    @Test
    void aDeletedBucketFailsTheDestinationAndLeavesTheOthersToIt() throws Exception {
        logToBucket("deleted-bucket", "");

        Map<String, JsonNode> findings = audit();

        assertFinding(findings.get(DestinationCheck.ID), "FAILED", "log bucket deleted-bucket does not exist");
        assertEquals("HIGH", findings.get(DestinationCheck.ID).get("severity").asText());
        assertFinding(findings.get(EncryptionCheck.ID), "NOT_AVAILABLE", "see " + DestinationCheck.ID);
        assertEquals("INFORMATIONAL", findings.get(EncryptionCheck.ID).get("severity").asText());
        assertFinding(findings.get(LogProtectionCheck.ID), "NOT_AVAILABLE", "see " + DestinationCheck.ID);
    }

    @Test
    void aBucketInAnotherRegionFailsWithTheSameRegionRule() throws Exception {
        account.healthyBucket("eu-west-1", BUCKET, "");
        logToBucket(BUCKET, "");

        assertFinding(audit().get(DestinationCheck.ID), "FAILED", "log bucket " + BUCKET + " is in eu-west-1, not "
                + REGION + ": Bedrock supports only destinations from the same account and Region");
    }

    @Test
    void aBucketWithoutPolicyFails() throws Exception {
        account.bucket(REGION, BUCKET);
        logToBucket(BUCKET, "");

        Map<String, JsonNode> findings = audit();

        assertFinding(findings.get(DestinationCheck.ID), "FAILED", "has no bucket policy, so bedrock.amazonaws.com"
                + " cannot write to it");
        assertFinding(findings.get(EncryptionCheck.ID), "FAILED", "has no default encryption");
        assertFinding(findings.get(LogProtectionCheck.ID), "FAILED", "has no public access block");
        assertFinding(findings.get(LogProtectionCheck.ID), "FAILED", "keeps no object versions (versioning Off");
    }

    @Test
    void aPolicyForAnotherAccountOrPrefixFailsNamingWhatIsWrong() throws Exception {
        account.healthyBucket(REGION, BUCKET, "");
        try (S3Client s3 = account.s3(REGION)) {
            s3.putBucketPolicy(request -> request.bucket(BUCKET)
                    .policy(Reports.setupGuideBucketPolicy(BUCKET, "", "999999999999", REGION)));
        }
        logToBucket(BUCKET, "");

        assertFinding(audit().get(DestinationCheck.ID), "FAILED", "999999999999");
    }

    @Test
    void anExplicitDenyInThePolicyFails() throws Exception {
        account.healthyBucket(REGION, BUCKET, "");
        String allowAndDeny = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"Allow\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"bedrock.amazonaws.com\"},"
                + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + BUCKET + "/*\"},"
                + "{\"Sid\":\"NoWrites\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\","
                + "\"Resource\":\"arn:aws:s3:::" + BUCKET + "/*\"}]}";
        try (S3Client s3 = account.s3(REGION)) {
            s3.putBucketPolicy(request -> request.bucket(BUCKET).policy(allowAndDeny));
        }
        logToBucket(BUCKET, "");

        assertFinding(audit().get(DestinationCheck.ID), "FAILED", "NoWrites");
    }

    @Test
    void sseS3AloneFailsEncryptionSayingWhy() throws Exception {
        healthyBucketEncryptedWith(ServerSideEncryption.AES256);

        Map<String, JsonNode> findings = audit();

        assertFinding(findings.get(EncryptionCheck.ID), "FAILED", "uses SSE-S3 only, so anyone who may read the bucket"
                + " reads every prompt and response");
        assertEquals("MEDIUM", findings.get(EncryptionCheck.ID).get("severity").asText());
        assertFinding(findings.get(DestinationCheck.ID), "PASSED", "Verified");
    }

    @Test
    void aHealthyCloudWatchDestinationPasses() throws Exception {
        account.healthyLogGroup(REGION, "/aws/bedrock/invocations", null);
        String role = account.healthyRole("BedrockLogging", REGION, "/aws/bedrock/invocations");
        logToCloudWatch("/aws/bedrock/invocations", role);

        Map<String, JsonNode> findings = audit();

        assertFinding(findings.get(DestinationCheck.ID), "PASSED", "log group /aws/bedrock/invocations exists");
        assertFinding(findings.get(DestinationCheck.ID), "PASSED", "role " + role + " exists and");
        assertFinding(findings.get(DestinationCheck.ID), "PASSED", "role " + role + " policies were read (inline"
                + " BedrockWritesLogs; no attached policy) and the role may logs:CreateLogStream by BedrockWritesLogs and"
                + " logs:PutLogEvents by BedrockWritesLogs");
        assertFinding(findings.get(DestinationCheck.ID), "PASSED", "allows logs.us-east-1.amazonaws.com kms:GenerateDataKey"
                + " and statement 2 allows logs.us-east-1.amazonaws.com kms:Decrypt");
        assertFinding(findings.get(EncryptionCheck.ID), "PASSED", "is encrypted with KMS key");
        assertFinding(findings.get(LogProtectionCheck.ID), "PASSED", "never expires events");
    }

    @Test
    void anAttachedManagedPolicyAndAPermissionsBoundaryAreRead() throws Exception {
        account.healthyLogGroup(REGION, "/aws/bedrock/invocations", null);
        account.healthyBucket(REGION, "big-payloads", "");
        String role = account.role("BedrockLogging", Reports.setupGuideTrustPolicy(ACCOUNT));
        String writes;
        String boundary;
        try (IamClient iam = moto.client(IamClient.builder(), REGION)) {
            writes = iam.createPolicy(request -> request.policyName("WriteBedrockLogs").policyDocument(
                    Reports.setupGuideRolePolicy(ACCOUNT, REGION, "/aws/bedrock/invocations"))).policy().arn();
            iam.attachRolePolicy(request -> request.roleName("BedrockLogging").policyArn(writes));
            boundary = iam.createPolicy(request -> request.policyName("S3Only").policyDocument("{\"Version\":"
                    + "\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"))
                    .policy().arn();
        }
        account.logging(REGION, LoggingConfig.builder()
                .cloudWatchConfig(CloudWatchConfig.builder().logGroupName("/aws/bedrock/invocations").roleArn(role)
                        .largeDataDeliveryS3Config(S3Config.builder().bucketName("big-payloads").build()).build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).build());

        assertFinding(audit().get(DestinationCheck.ID), "PASSED", "the role may logs:CreateLogStream by " + writes);

        try (IamClient iam = moto.client(IamClient.builder(), REGION)) {
            iam.putRolePermissionsBoundary(request -> request.roleName("BedrockLogging").permissionsBoundary(boundary));
        }
        assertFinding(audit().get(DestinationCheck.ID), "FAILED", "permissions boundary " + boundary
                + " does not allow logs:CreateLogStream");
    }

    @Test
    void theAccountsPublicAccessBlockCountsWhereTheBucketsOwnIsMissing() throws Exception {
        account.healthyBucket(REGION, BUCKET, "");
        try (S3Client s3 = account.s3(REGION)) {
            s3.deletePublicAccessBlock(request -> request.bucket(BUCKET));
        }
        logToBucket(BUCKET, "");
        assertFinding(audit().get(LogProtectionCheck.ID), "FAILED", "log bucket " + BUCKET + " has no public access"
                + " block, nor has the account");

        try (S3ControlClient control = moto.s3Control(REGION)) {
            control.putPublicAccessBlock(request -> request.accountId(ACCOUNT).publicAccessBlockConfiguration(block ->
                    block.blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true)
                            .restrictPublicBuckets(true)));
        }
        assertFinding(audit().get(LogProtectionCheck.ID), "PASSED", "log bucket " + BUCKET + " blocks public access,"
                + " with the account's block");
    }

    @Test
    void theAwsManagedS3KeyFailsTheDestination() throws Exception {
        // SSE-KMS naming no key: S3 uses the AWS managed key aws/s3.
        healthyBucketEncryptedWith(ServerSideEncryption.AWS_KMS);

        Map<String, JsonNode> findings = audit();

        assertFinding(findings.get(DestinationCheck.ID), "FAILED", "log bucket " + BUCKET + " encrypts with the AWS"
                + " managed key alias/aws/s3");
        assertFinding(findings.get(EncryptionCheck.ID), "PASSED", "encrypts with SSE-KMS");
    }

    @Test
    void aMissingLogGroupOrRoleFails() throws Exception {
        logToCloudWatch("/aws/bedrock/gone", "arn:aws:iam::" + ACCOUNT + ":role/Gone");

        Map<String, JsonNode> findings = audit();

        assertFinding(findings.get(DestinationCheck.ID), "FAILED", "log group /aws/bedrock/gone does not exist in "
                + REGION);
        assertFinding(findings.get(DestinationCheck.ID), "FAILED", "role arn:aws:iam::" + ACCOUNT
                + ":role/Gone does not exist");
    }

    @Test
    void aRoleThatDoesNotTrustBedrockOrOfAnotherAccountFails() throws Exception {
        account.logGroup(REGION, "/aws/bedrock/invocations", null, 30);
        String ec2Only = account.role("Ec2Only", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
        logToCloudWatch("/aws/bedrock/invocations", ec2Only);

        Map<String, JsonNode> findings = audit();

        assertFinding(findings.get(DestinationCheck.ID), "FAILED", "role " + ec2Only + " trust policy");
        assertFinding(findings.get(EncryptionCheck.ID), "FAILED", "log group /aws/bedrock/invocations has no KMS key");
        assertFinding(findings.get(LogProtectionCheck.ID), "FAILED", "keeps events 30 days, less than the required 90");

        logToCloudWatch("/aws/bedrock/invocations", "arn:aws:iam::999999999999:role/Elsewhere");
        assertFinding(audit().get(DestinationCheck.ID), "FAILED", "role arn:aws:iam::999999999999:role/Elsewhere"
                + " belongs to account 999999999999: Bedrock supports only destinations from the same account and Region");
    }

    @Test
    void theRequiredRetentionIsASetting() throws Exception {
        account.healthyLogGroup(REGION, "/aws/bedrock/invocations", 30);
        logToCloudWatch("/aws/bedrock/invocations", account.healthyRole("BedrockLogging", REGION,
                "/aws/bedrock/invocations"));

        CommandRun.Result run = CommandRun.run(moto.endpoint(), Map.of("MIN_LOG_RETENTION_DAYS", "30"),
                "--regions", REGION, "--output", "json");

        JsonNode protection = null;
        for (JsonNode finding : JSON.readTree(run.stdout()).get("findings")) {
            if (finding.get("controlId").asText().equals(LogProtectionCheck.ID)) {
                protection = finding;
            }
        }
        assertFinding(protection, "PASSED", "keeps events 30 days");
    }

    @Test
    void theLargeDataBucketOfACloudWatchDestinationIsCheckedToo() throws Exception {
        account.healthyLogGroup(REGION, "/aws/bedrock/invocations", null);
        String role = account.healthyRole("BedrockLogging", REGION, "/aws/bedrock/invocations");
        account.logging(REGION, LoggingConfig.builder()
                .cloudWatchConfig(CloudWatchConfig.builder().logGroupName("/aws/bedrock/invocations").roleArn(role)
                        .largeDataDeliveryS3Config(S3Config.builder().bucketName("big-payloads").build()).build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true).build());

        assertFinding(audit().get(DestinationCheck.ID), "FAILED", "large-data bucket big-payloads does not exist");

        account.healthyBucket(REGION, "big-payloads", "");
        Map<String, JsonNode> healthy = audit();
        assertFinding(healthy.get(DestinationCheck.ID), "PASSED", "large-data bucket big-payloads exists in " + REGION);
        assertFinding(healthy.get(EncryptionCheck.ID), "PASSED", "large-data bucket big-payloads encrypts with SSE-KMS");
    }

    @Test
    void aConfigurationWhoseDestinationsAreAllBrokenRecordsNothingAndIsNotCountedAsLogging() throws Exception {
        logToCloudWatch("/aws/bedrock/gone", "arn:aws:iam::" + ACCOUNT + ":role/Gone");

        CommandRun.Result run = CommandRun.run(moto.endpoint(), Map.of(), "--regions", REGION, "--output", "json");

        JsonNode report = JSON.readTree(run.stdout());
        assertEquals("[\"" + REGION + "\"]", report.get("summary").get("regionsNotLogging").toString(),
                "what README's jq example lists");
        assertEquals("[]", report.get("summary").get("regionsLogging").toString());
        JsonNode enabled = null;
        for (JsonNode finding : report.get("findings")) {
            if (finding.get("controlId").asText().equals(LoggingEnabledCheck.ID)) {
                enabled = finding;
            }
        }
        assertEquals("FAILED", enabled.get("status").asText());
        assertEquals("Logging is configured (CloudWatch log group /aws/bedrock/gone (role arn:aws:iam::" + ACCOUNT
                + ":role/Gone)) but records nothing, since no destination can receive the logs: log group"
                + " /aws/bedrock/gone does not exist in us-east-1; role arn:aws:iam::" + ACCOUNT + ":role/Gone does not"
                + " exist.", enabled.get("detail").asText());
        assertFalse(enabled.get("detail").asText().contains("delivers"), "never claims delivery");
        List<String> createGroup = commands(enabled.get("fixes").get(0));
        assertTrue(createGroup.get(0).startsWith("KEY_ARN=$(aws kms create-key --region us-east-1"), createGroup.get(0));
        assertEquals(List.of("aws logs create-log-group --region us-east-1 --log-group-name /aws/bedrock/gone"
                        + " --kms-key-id \"$KEY_ARN\"",
                "aws logs put-retention-policy --region us-east-1 --log-group-name /aws/bedrock/gone"
                        + " --retention-in-days 90"), createGroup.subList(1, 3));
        assertTrue(commands(enabled.get("fixes").get(1)).get(0).startsWith("aws iam create-role --region us-east-1 --role-name Gone"),
                enabled.toString());
        assertEquals(1, run.exitCode(), run.stderr());
    }

    private static List<String> commands(JsonNode fix) {
        List<String> commands = new java.util.ArrayList<>();
        fix.get("commands").forEach(command -> commands.add(command.asText()));
        return commands;
    }
}
