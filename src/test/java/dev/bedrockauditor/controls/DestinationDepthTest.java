package dev.bedrockauditor.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.BucketEvidence.PublicAccessBlock;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.KeyEvidence;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.RoleEvidence;
import dev.bedrockauditor.domain.RolePolicies;
import dev.bedrockauditor.domain.S3Destination;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.testing.Reports;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What makes PASSED mean Bedrock can deliver: binary data needs a bucket, ACLs off, usable KMS keys whose
 * policies let the writing service in, a role allowed to write, and the account's public access block.
 */
class DestinationDepthTest {

    private static final String REGION = "eu-west-1";
    private static final String ACCOUNT = Reports.ACCOUNT;
    private static final S3Destination LOGS = new S3Destination("logs", "bedrock/");
    private static final String GROUP = "/aws/bedrock/invocations";
    private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/BedrockLogging";

    private static Map<String, Finding> audit(LoggingConfiguration configuration, DestinationEvidence destinations) {
        RegionEvidence evidence = new RegionEvidence(REGION, ACCOUNT, "aws", new LoggingState.Enabled(configuration),
                Optional.of(destinations));
        return Reports.CONTROLS.evaluate(evidence).stream()
                .collect(Collectors.toMap(Finding::controlId, Function.identity()));
    }

    private static LoggingConfiguration s3Only() {
        return new LoggingConfiguration(Optional.of(LOGS), Optional.empty(), EnumSet.allOf(DataType.class));
    }

    private static Map<String, Finding> auditBucket(BucketEvidence bucket) {
        return audit(s3Only(), new DestinationEvidence(List.of(bucket), Optional.empty(), Optional.empty()));
    }

    private static BucketEvidence healthy() {
        return Reports.healthyBucket(REGION, LOGS, DestinationEvidence.LOG_BUCKET);
    }

    private static BucketEvidence with(BucketEvidence b, Observed<Optional<String>> ownership, Optional<KeyEvidence> key,
            Observed<Optional<PublicAccessBlock>> block, Optional<Observed<Optional<PublicAccessBlock>>> account) {
        return new BucketEvidence(b.destination(), b.purpose(), b.region(), b.policy(), b.encryption(), block,
                b.versioning(), b.objectLock(), ownership, key, account);
    }

    private static void assertFailed(Finding finding, String detailPart, String commandPart) {
        assertEquals(Status.FAILED, finding.status(), finding.detail());
        assertTrue(finding.detail().contains(detailPart), finding.detail());
        String commands = finding.fixes().stream().flatMap(fix -> fix.commands().stream()).collect(Collectors.joining("\n"));
        assertTrue(commands.contains(commandPart), commands);
    }

    @Test
    void aHealthyBucketPassesNamingWhatWasVerified() {
        Map<String, Finding> findings = auditBucket(healthy());

        findings.values().forEach(finding -> assertEquals(Status.PASSED, finding.status(), finding.detail()));
        String detail = findings.get(DestinationCheck.ID).detail();
        assertTrue(detail.contains("ACLs off (Object Ownership BucketOwnerEnforced)"), detail);
        assertTrue(detail.contains("KMS key arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/logs is enabled and statement"
                + " BedrockEncrypts allows bedrock.amazonaws.com kms:GenerateDataKey"), detail);
    }

    @Test
    void binaryTypesWithCloudWatchOnlyFailAndTheFixAddsALargeDataBucket() {
        LoggingConfiguration cloudWatchOnly = new LoggingConfiguration(Optional.empty(),
                Optional.of(new CloudWatchDestination(GROUP, ROLE, Optional.empty())), EnumSet.allOf(DataType.class));

        Finding types = audit(cloudWatchOnly, Reports.healthy(REGION, cloudWatchOnly)).get(DataTypesCheck.ID);

        assertFailed(types, "Not delivered: IMAGE, VIDEO, AUDIO", "\"largeDataDeliveryS3Config\":{\"bucketName\":"
                + "\"bedrock-large-invocation-data-" + ACCOUNT + "-" + REGION + "\"");
        assertTrue(types.detail().contains("Bedrock delivers binary data only to S3"), types.detail());
        assertTrue(types.fixes().get(0).commands().get(0).startsWith("aws s3api create-bucket --region " + REGION
                + " --bucket bedrock-large-invocation-data-"), types.fixes().toString());
        assertEquals(Fix.Stage.CONFIGURATION, types.fixes().get(types.fixes().size() - 1).stage());
    }

    @Test
    void textOnlyToCloudWatchNeedsNoBucket() {
        LoggingConfiguration text = new LoggingConfiguration(Optional.empty(),
                Optional.of(new CloudWatchDestination(GROUP, ROLE, Optional.empty())), EnumSet.of(DataType.TEXT));
        RegionEvidence evidence = new RegionEvidence(REGION, ACCOUNT, "aws", new LoggingState.Enabled(text),
                Optional.of(Reports.healthy(REGION, text)));

        Finding types = ControlSuite.standard(EnumSet.of(DataType.TEXT), 90).evaluate(evidence).get(1);

        assertEquals(Status.PASSED, types.status(), types.detail());
    }

    @Test
    void aBucketWithAclsOnFailsTheDestinationWithTheOwnershipFix() {
        Finding destination = auditBucket(with(healthy(), Observed.known(Optional.of("ObjectWriter")),
                healthy().encryptionKey(), healthy().publicAccessBlock(), Optional.empty())).get(DestinationCheck.ID);

        assertFailed(destination, "log bucket logs has Object Ownership ObjectWriter, so its ACLs are on",
                "aws s3api put-bucket-ownership-controls --region " + REGION + " --bucket logs --ownership-controls"
                        + " 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'");
    }

    @Test
    void aBucketWithoutOwnershipControlsHasAclsOn() {
        Finding destination = auditBucket(with(healthy(), Observed.known(Optional.empty()), healthy().encryptionKey(),
                healthy().publicAccessBlock(), Optional.empty())).get(DestinationCheck.ID);

        assertFailed(destination, "has no Object Ownership setting, so its ACLs are on", "put-bucket-ownership-controls");
    }

    private static KeyEvidence key(String state, boolean awsManaged, String policy) {
        String arn = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/logs";
        return new KeyEvidence(arn, REGION, Observed.known(Optional.of(new KeyEvidence.Key(arn, state, awsManaged))),
                Observed.known(policy));
    }

    private static Finding destinationWithKey(KeyEvidence key) {
        return auditBucket(with(healthy(), healthy().objectOwnership(), Optional.of(key), healthy().publicAccessBlock(),
                Optional.empty())).get(DestinationCheck.ID);
    }

    @Test
    void aDisabledKeyFailsAndIsEnabledAgain() {
        assertFailed(destinationWithKey(key("Disabled", false, Reports.setupGuideKeyPolicy(ACCOUNT, REGION))),
                "KMS key arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/logs is Disabled",
                "aws kms enable-key --region " + REGION + " --key-id logs");
    }

    @Test
    void aKeyPendingDeletionIsKeptThenEnabled() {
        Finding destination = destinationWithKey(key("PendingDeletion", false, Reports.setupGuideKeyPolicy(ACCOUNT, REGION)));

        assertFailed(destination, "is PendingDeletion", "aws kms cancel-key-deletion --region " + REGION);
        List<String> commands = destination.fixes().get(0).commands();
        assertTrue(commands.get(1).startsWith("aws kms enable-key"), commands.toString());
    }

    @Test
    void aMissingKeyIsReplacedByANewOne() {
        KeyEvidence missing = new KeyEvidence("arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/gone", REGION,
                Observed.known(Optional.empty()), Observed.unreadable("KMS key gone does not exist"));

        assertFailed(destinationWithKey(missing), "which does not exist in " + REGION, "aws kms create-key --region " + REGION);
    }

    @Test
    void theAwsManagedS3KeyCannotServeBedrock() {
        KeyEvidence awsS3 = new KeyEvidence("alias/aws/s3", REGION, Observed.known(Optional.of(new KeyEvidence.Key(
                "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/aws-s3", "Enabled", true))), Observed.known("{}"));

        assertFailed(destinationWithKey(awsS3), "encrypts with the AWS managed key alias/aws/s3",
                "aws s3api put-bucket-encryption --region " + REGION + " --bucket logs");
    }

    @Test
    void aKeyPolicyWithoutBedrockFailsAndGainsTheStatementKeepingTheOthers() {
        String rootOnly = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Root\",\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

        Finding destination = destinationWithKey(key("Enabled", false, rootOnly));

        assertFailed(destination, "policy: no statement allows bedrock.amazonaws.com kms:GenerateDataKey",
                "aws kms put-key-policy --region " + REGION + " --key-id arn:aws:kms:" + REGION + ":" + ACCOUNT
                        + ":key/logs --policy-name default --policy ");
        String command = destination.fixes().get(0).commands().get(0);
        assertTrue(command.contains("\"Sid\":\"Root\"") && command.contains("\"Sid\":\"BedrockEncryptsInvocationLogs\""),
                command);
    }

    @Test
    void aKeyPolicyForAnotherAccountIsRefused() {
        Finding destination = destinationWithKey(key("Enabled", false, Reports.setupGuideKeyPolicy("999988887777", REGION)));

        assertFailed(destination, "for aws:SourceAccount 999988887777, not " + ACCOUNT, "aws kms put-key-policy");
    }

    @Test
    void anUnreadableKeyLeavesTheDestinationNotAvailable() {
        Finding destination = destinationWithKey(KeyEvidence.unreadable("arn:aws:kms:" + REGION + ":" + ACCOUNT
                + ":key/logs", REGION, "KMS key not readable: AccessDeniedException (grant kms:DescribeKey)"));

        assertEquals(Status.NOT_AVAILABLE, destination.status(), destination.detail());
        assertTrue(destination.detail().contains("grant kms:DescribeKey"), destination.detail());
    }

    private static LoggingConfiguration cloudWatchWithLargeData() {
        return new LoggingConfiguration(Optional.empty(), Optional.of(new CloudWatchDestination(GROUP, ROLE,
                Optional.of(LOGS))), EnumSet.allOf(DataType.class));
    }

    private static Map<String, Finding> auditRole(RolePolicies policies) {
        LoggingConfiguration configuration = cloudWatchWithLargeData();
        DestinationEvidence healthy = Reports.healthy(REGION, configuration);
        RoleEvidence role = new RoleEvidence(ROLE, healthy.role().orElseThrow().trustPolicy(), Observed.known(policies));
        return audit(configuration, new DestinationEvidence(healthy.buckets(), healthy.logGroup(), Optional.of(role)));
    }

    @Test
    void aRoleWithoutPermissionPoliciesFailsAndGetsTheGuidesPolicy() {
        Map<String, Finding> findings = auditRole(new RolePolicies(List.of(), List.of(), Optional.empty()));

        assertFailed(findings.get(DestinationCheck.ID), "the role has no permission policy",
                "aws iam put-role-policy --region " + REGION + " --role-name BedrockLogging");
        // The log group was the only primary destination: nothing is recorded.
        assertEquals(Status.FAILED, findings.get(LoggingEnabledCheck.ID).status());
    }

    @Test
    void anAttachedPolicyCountsAndIsNamed() {
        Map<String, Finding> findings = auditRole(new RolePolicies(List.of(), List.of(new RolePolicies.Policy(
                "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess", "{\"Version\":\"2012-10-17\",\"Statement\":"
                        + "[{\"Effect\":\"Allow\",\"Action\":\"logs:*\",\"Resource\":\"*\"}]}")), Optional.empty()));

        Finding destination = findings.get(DestinationCheck.ID);
        assertEquals(Status.PASSED, destination.status(), destination.detail());
        assertTrue(destination.detail().contains("logs:CreateLogStream by arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"),
                destination.detail());
    }

    @Test
    void aDenyInAnotherPolicyOutweighsTheAllowAndGetsAdviceOnly() {
        Map<String, Finding> findings = auditRole(new RolePolicies(List.of(new RolePolicies.Policy("Writes",
                Reports.setupGuideRolePolicy(ACCOUNT, REGION, GROUP)), new RolePolicies.Policy("NoLogs",
                "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"logs:PutLogEvents\",\"Resource\":\"*\"}}")),
                List.of(), Optional.empty()));

        Finding destination = findings.get(DestinationCheck.ID);
        assertEquals(Status.FAILED, destination.status(), destination.detail());
        assertTrue(destination.detail().contains("policy NoLogs: statement 1 denies logs:PutLogEvents"), destination.detail());
        assertTrue(destination.fixes().stream().allMatch(fix -> fix.commands().isEmpty()), destination.fixes().toString());
    }

    @Test
    void aBoundaryWithoutLogsCapsTheRole() {
        Map<String, Finding> findings = auditRole(new RolePolicies(List.of(new RolePolicies.Policy("Writes",
                Reports.setupGuideRolePolicy(ACCOUNT, REGION, GROUP))), List.of(), Optional.of(new RolePolicies.Policy(
                "arn:aws:iam::" + ACCOUNT + ":policy/S3Only", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"*\"}]}"))));

        Finding destination = findings.get(DestinationCheck.ID);
        assertEquals(Status.FAILED, destination.status(), destination.detail());
        assertTrue(destination.detail().contains("permissions boundary arn:aws:iam::" + ACCOUNT
                + ":policy/S3Only does not allow logs:CreateLogStream"), destination.detail());
    }

    @Test
    void aPolicyForAnotherLogGroupIsRefused() {
        Map<String, Finding> findings = auditRole(new RolePolicies(List.of(new RolePolicies.Policy("Writes",
                Reports.setupGuideRolePolicy(ACCOUNT, REGION, "/other"))), List.of(), Optional.empty()));

        assertFailed(findings.get(DestinationCheck.ID), "no policy of the role allows logs:CreateLogStream",
                "logs:CreateLogStream");
    }

    @Test
    void aLogGroupKeyWithoutCloudWatchLogsFails() {
        LoggingConfiguration configuration = cloudWatchWithLargeData();
        DestinationEvidence healthy = Reports.healthy(REGION, configuration);
        LogGroupEvidence group = healthy.logGroup().orElseThrow();
        KeyEvidence bucketKeyOnly = key("Enabled", false, Reports.setupGuideKeyPolicy(ACCOUNT, REGION));
        LogGroupEvidence wrongKey = new LogGroupEvidence(group.name(), group.group(), Optional.of(bucketKeyOnly));

        Finding destination = audit(configuration, new DestinationEvidence(healthy.buckets(), Optional.of(wrongKey),
                healthy.role())).get(DestinationCheck.ID);

        assertFailed(destination, "no statement allows logs." + REGION + ".amazonaws.com kms:GenerateDataKey",
                "CloudWatchLogsEncryptsInvocationLogs");
    }

    private static Finding protection(Observed<Optional<PublicAccessBlock>> own,
            Optional<Observed<Optional<PublicAccessBlock>>> account) {
        return auditBucket(with(healthy(), healthy().objectOwnership(), healthy().encryptionKey(), own, account))
                .get(LogProtectionCheck.ID);
    }

    @Test
    void theAccountsBlockCompletesTheBucketsOwn() {
        Finding finding = protection(Observed.known(Optional.of(new PublicAccessBlock(true, true, false, false))),
                Optional.of(Observed.known(Optional.of(new PublicAccessBlock(false, false, true, true)))));

        assertEquals(Status.PASSED, finding.status(), finding.detail());
        assertTrue(finding.detail().contains("blocks public access, with the account's block"), finding.detail());
    }

    @Test
    void aGapInBothBlocksFailsNamingTheSetting() {
        Finding finding = protection(Observed.known(Optional.empty()),
                Optional.of(Observed.known(Optional.of(new PublicAccessBlock(true, true, true, false)))));

        assertFailed(finding, "(off: RestrictPublicBuckets)", "aws s3api put-public-access-block");
    }

    @Test
    void anUnreadableAccountBlockLeavesAnIncompleteBucketNotAvailable() {
        Finding finding = protection(Observed.known(Optional.empty()), Optional.of(Observed.unreadable(
                "account public access block not readable: AccessDenied (grant s3:GetAccountPublicAccessBlock)")));

        assertEquals(Status.NOT_AVAILABLE, finding.status(), finding.detail());
        assertTrue(finding.detail().contains("s3:GetAccountPublicAccessBlock"), finding.detail());
    }
}
