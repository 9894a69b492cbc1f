package dev.bedrockauditor.testing;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Seeds moto as an account would be set up, and reads back what the auditor left there. */
public final class MotoAccount {

    private final MotoServer moto;
    private final String accountId;

    /** The account moto answers for by default, {@link #ACCOUNT}. */
    public MotoAccount(MotoServer moto) {
        this(moto, ACCOUNT);
    }

    /**
     * Another account in the same moto_server, kept apart from the others by moto (it takes the account from the
     * x-moto-account-id header), so tests that write can run side by side without a reset.
     */
    public MotoAccount(MotoServer moto, String accountId) {
        this.moto = moto;
        this.accountId = accountId;
    }

    public String accountId() {
        return accountId;
    }

    /** A client of this account, for seeding and reading back. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String region) {
        return moto.client(builder, region, accountId);
    }

    public void logging(String region, LoggingConfig config) {
        try (BedrockClient bedrock = client(BedrockClient.builder(), region)) {
            bedrock.putModelInvocationLoggingConfiguration(request -> request.loggingConfig(config));
        }
    }

    /** Turns logging off in the region, as {@code aws bedrock delete-model-invocation-logging-configuration} does. */
    public void loggingOff(String region) {
        try (BedrockClient bedrock = client(BedrockClient.builder(), region)) {
            bedrock.deleteModelInvocationLoggingConfiguration(request -> { });
        }
    }

    /** Logging with every data type to a healthy S3 bucket of the region: every control passes. */
    public void fullLogging(String region) {
        String bucket = "audit-logs-" + region;
        healthyBucket(region, bucket, "");
        logging(region, LoggingConfig.builder()
                .s3Config(S3Config.builder().bucketName(bucket).build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true)
                .build());
    }

    /** An empty bucket in the region, with no policy or settings. */
    public void bucket(String region, String name) {
        try (S3Client s3 = s3(region)) {
            s3.createBucket(request -> {
                request.bucket(name);
                if (!region.equals("us-east-1")) {
                    request.createBucketConfiguration(config -> config.locationConstraint(region));
                }
            });
        }
    }

    /**
     * A bucket as AWS's setup guide builds it (ACLs off, Bedrock's bucket policy), plus SSE-KMS with a key whose
     * policy has the guide's statement: every destination control passes for it. Returns the key's ARN.
     */
    public String healthyBucket(String region, String name, String prefix) {
        bucket(region, name);
        String keyArn = key(region, Reports.setupGuideKeyPolicy(accountId, region));
        try (S3Client s3 = s3(region)) {
            s3.putBucketOwnershipControls(request -> request.bucket(name).ownershipControls(controls -> controls
                    .rules(rule -> rule.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
            s3.putBucketPolicy(request -> request.bucket(name)
                    .policy(Reports.setupGuideBucketPolicy(name, prefix, accountId, region)));
            s3.putBucketEncryption(request -> request.bucket(name).serverSideEncryptionConfiguration(config -> config
                    .rules(rule -> rule.applyServerSideEncryptionByDefault(sse -> sse
                            .sseAlgorithm(ServerSideEncryption.AWS_KMS)
                            .kmsMasterKeyID(keyArn)))));
            s3.putPublicAccessBlock(request -> request.bucket(name).publicAccessBlockConfiguration(block -> block
                    .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
            s3.putBucketVersioning(request -> request.bucket(name)
                    .versioningConfiguration(versioning -> versioning.status(BucketVersioningStatus.ENABLED)));
        }
        return keyArn;
    }

    /** A customer managed KMS key in the region with the given policy; returns its ARN. */
    public String key(String region, String policy) {
        try (KmsClient kms = client(KmsClient.builder(), region)) {
            return kms.createKey(request -> request.policy(policy).description("test key")).keyMetadata().arn();
        }
    }

    /** A log group as CloudWatch Logs' guide encrypts it, keeping events the days given (null: forever). */
    public void healthyLogGroup(String region, String name, Integer retentionDays) {
        logGroup(region, name, key(region, Reports.logsKeyPolicy(accountId, region, name)), retentionDays);
    }

    /** A role as AWS's setup guide builds it for a log group: trusting Bedrock, allowed to write; returns its ARN. */
    public String healthyRole(String name, String region, String logGroup) {
        String arn = role(name, Reports.setupGuideTrustPolicy(accountId));
        try (IamClient iam = client(IamClient.builder(), "us-east-1")) {
            iam.putRolePolicy(request -> request.roleName(name).policyName("BedrockWritesLogs")
                    .policyDocument(Reports.setupGuideRolePolicy(accountId, region, logGroup)));
        }
        return arn;
    }

    public S3Client s3(String region) {
        return client(S3Client.builder().forcePathStyle(true), region);
    }

    /** A log group, with a KMS key and retention when given. */
    public void logGroup(String region, String name, String kmsKeyId, Integer retentionDays) {
        try (CloudWatchLogsClient logs = client(CloudWatchLogsClient.builder(), region)) {
            logs.createLogGroup(request -> request.logGroupName(name).kmsKeyId(kmsKeyId));
            if (retentionDays != null) {
                logs.putRetentionPolicy(request -> request.logGroupName(name).retentionInDays(retentionDays));
            }
        }
    }

    /** A role with the given trust policy; returns its ARN. */
    public String role(String name, String trustPolicy) {
        try (IamClient iam = client(IamClient.builder(), "us-east-1")) {
            return iam.createRole(request -> request.roleName(name).assumeRolePolicyDocument(trustPolicy)).role().arn();
        }
    }

    /** The account moto answers for. */
    public static final String ACCOUNT = "123456789012";

    /** Our findings in one hub, filtered again here since moto ignores GetFindings filters. */
    public List<AwsSecurityFinding> findings(String hubRegion) {
        try (SecurityHubClient hub = client(SecurityHubClient.builder(), hubRegion)) {
            List<AwsSecurityFinding> findings = new ArrayList<>();
            hub.getFindingsPaginator(request -> request.maxResults(100)).findings().stream()
                    .filter(finding -> finding.id().startsWith("bedrock-logging-auditor/"))
                    .forEach(findings::add);
            return findings;
        }
    }

    /** A topic with an SQS queue subscribed, so published alerts can be read back. */
    public record Topic(String arn, String queueUrl) {}

    public Topic topicWithQueue(String region, String name) {
        try (SnsClient sns = client(SnsClient.builder(), region);
                SqsClient sqs = client(SqsClient.builder(), region)) {
            String topicArn = sns.createTopic(request -> request.name(name)).topicArn();
            String queueUrl = sqs.createQueue(request -> request.queueName(name + "-queue")).queueUrl();
            String queueArn = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(request -> request.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
            return new Topic(topicArn, queueUrl);
        }
    }

    /** Every message waiting in the queue, as SNS delivered it (a JSON envelope with Subject and Message). */
    public List<Message> drain(String region, Topic topic) {
        try (SqsClient sqs = client(SqsClient.builder(), region)) {
            List<Message> messages = new ArrayList<>();
            while (true) {
                List<Message> batch = sqs.receiveMessage(request -> request.queueUrl(topic.queueUrl())
                        .maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
                if (batch.isEmpty()) {
                    return messages;
                }
                messages.addAll(batch);
                batch.forEach(message -> sqs.deleteMessage(request -> request.queueUrl(topic.queueUrl())
                        .receiptHandle(message.receiptHandle())));
            }
        }
    }
}
