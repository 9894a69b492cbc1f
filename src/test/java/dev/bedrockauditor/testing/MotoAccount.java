package dev.bedrockauditor.testing;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Seeds moto as an account would be set up, and reads back what the auditor left there. */
public final class MotoAccount {

    private final MotoServer moto;

    public MotoAccount(MotoServer moto) {
        this.moto = moto;
    }

    public void logging(String region, LoggingConfig config) {
        try (BedrockClient bedrock = moto.client(BedrockClient.builder(), region)) {
            bedrock.putModelInvocationLoggingConfiguration(request -> request.loggingConfig(config));
        }
    }

    /** Logging to S3 with every data type delivered. */
    public void fullLogging(String region) {
        logging(region, LoggingConfig.builder()
                .s3Config(S3Config.builder().bucketName("audit-logs-" + region).build())
                .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true)
                .build());
    }

    /** Our findings in one hub, filtered again here since moto ignores GetFindings filters. */
    public List<AwsSecurityFinding> findings(String hubRegion) {
        try (SecurityHubClient hub = moto.client(SecurityHubClient.builder(), hubRegion)) {
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
        try (SnsClient sns = moto.client(SnsClient.builder(), region);
                SqsClient sqs = moto.client(SqsClient.builder(), region)) {
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
        try (SqsClient sqs = moto.client(SqsClient.builder(), region)) {
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
