package dev.bedrockauditor.faults;

import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoChangeDetection;
import dev.bedrockauditor.testing.MotoServer;
import dev.bedrockauditor.testing.Reports;
import java.util.List;
import software.amazon.awssdk.services.bedrock.model.CloudWatchConfig;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/**
 * The accounts the matrix audits, seeded in moto so that every operation of {@code AwsOperation.ALL} is called
 * and every fact it reads decides a control.
 */
final class MatrixAccounts {

    static final String HOME = "us-east-1";
    static final String LOG_GROUP = "/aws/bedrock/matrix";
    static final String ROLE = "MatrixLogging";

    private MatrixAccounts() {}

    /**
     * The account the read-only runs audit (moto's default one), in three regions:
     * <ul>
     * <li>us-east-1 passes every control, through both destinations: a log bucket whose own public access block
     *     leaves one setting off (so the account's block is read, and completes it), and a CloudWatch log group
     *     with a KMS key, a role with an inline and an attached managed policy, and a large-data bucket;</li>
     * <li>eu-central-1 logs to a bucket that keeps no object versions: only Object Lock could keep its logs, so
     *     that read decides its log protection (elsewhere versioning makes it moot);</li>
     * <li>eu-west-1 does not log.</li>
     * </ul>
     * Change detection is in place in each (a multi-Region trail, the rule), so its reads are made too.
     */
    static void seedAudited(MotoServer moto) {
        MotoAccount account = new MotoAccount(moto);
        String accountId = account.accountId();
        account.healthyBucket(HOME, "matrix-logs", "");
        account.healthyBucket(HOME, "matrix-large-data", "");
        try (S3Client s3 = account.s3(HOME)) {
            s3.putPublicAccessBlock(request -> request.bucket("matrix-logs").publicAccessBlockConfiguration(block ->
                    block.blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true)
                            .restrictPublicBuckets(false)));
        }
        try (S3ControlClient control = moto.s3Control(HOME)) {
            control.putPublicAccessBlock(request -> request.accountId(accountId).publicAccessBlockConfiguration(
                    block -> block.blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true)
                            .restrictPublicBuckets(true)));
        }
        account.healthyLogGroup(HOME, LOG_GROUP, 365);
        String role = account.healthyRole(ROLE, HOME, LOG_GROUP);
        try (IamClient iam = account.client(IamClient.builder(), HOME)) {
            String managed = iam.createPolicy(request -> request.policyName("MatrixWritesLogs")
                    .policyDocument(Reports.setupGuideRolePolicy(accountId, HOME, LOG_GROUP))).policy().arn();
            iam.attachRolePolicy(request -> request.roleName(ROLE).policyArn(managed));
        }
        account.logging(HOME, everyType()
                .s3Config(S3Config.builder().bucketName("matrix-logs").build())
                .cloudWatchConfig(CloudWatchConfig.builder().logGroupName(LOG_GROUP).roleArn(role)
                        .largeDataDeliveryS3Config(S3Config.builder().bucketName("matrix-large-data").build()).build())
                .build());

        String unversioned = "matrix-logs-eu-central-1";
        account.healthyBucket("eu-central-1", unversioned, "");
        try (S3Client s3 = account.s3("eu-central-1")) {
            s3.putBucketVersioning(request -> request.bucket(unversioned)
                    .versioningConfiguration(versioning -> versioning.status(BucketVersioningStatus.SUSPENDED)));
        }
        account.logging("eu-central-1", everyType().s3Config(S3Config.builder().bucketName(unversioned).build()).build());
        // Change detection in place everywhere: a logging trail, and the rule in each audited region.
        new MotoChangeDetection(moto).inPlace(HOME, FaultyAws.ENABLED_REGIONS.toArray(String[]::new));
    }

    /** The regions a publishing run audits: each logs to a healthy bucket until {@link #stopLogging} is called. */
    static final List<String> PUBLISHED = List.of(HOME, "eu-west-1");

    /**
     * An account of its own for one publishing cell (publishing writes, so cells must not share one): healthy
     * logging in {@link #PUBLISHED}, and an alert topic with a queue that receives its alerts.
     */
    static MotoAccount.Topic seedPublishing(MotoAccount account) {
        for (String region : PUBLISHED) {
            String bucket = "matrix-" + account.accountId() + "-" + region;
            account.healthyBucket(region, bucket, "");
            account.logging(region, everyType().s3Config(S3Config.builder().bucketName(bucket).build()).build());
        }
        return account.topicWithQueue(HOME, "matrix-alerts");
    }

    /**
     * Logging turned off in eu-west-1 after a first run: its enabled control newly fails (something to alert), and
     * its four other findings no longer apply (something to archive).
     */
    static void stopLogging(MotoAccount account) {
        account.loggingOff("eu-west-1");
    }

    private static LoggingConfig.Builder everyType() {
        return LoggingConfig.builder().textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true)
                .embeddingDataDeliveryEnabled(true).videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true);
    }
}
