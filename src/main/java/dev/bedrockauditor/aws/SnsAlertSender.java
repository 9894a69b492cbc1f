package dev.bedrockauditor.aws;

import dev.bedrockauditor.alert.AlertMessage;
import dev.bedrockauditor.alert.AlertSender;
import dev.bedrockauditor.config.TopicArn;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** Sends the alert with sns:Publish, through a client in the topic's own region. */
public final class SnsAlertSender implements AlertSender {

    private final AwsClients clients;
    private final FailureReasons reasons;

    public SnsAlertSender(AwsClients clients, FailureReasons reasons) {
        this.clients = clients;
        this.reasons = reasons;
    }

    @Override
    public String send(TopicArn topic, AlertMessage message) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        message.attributes().forEach((name, attribute) -> attributes.put(name, MessageAttributeValue.builder()
                .dataType(attribute.dataType())
                .stringValue(attribute.value())
                .build()));
        try {
            return clients.sns(topic.region()).publish(request -> request
                    .topicArn(topic.arn())
                    .subject(message.subject())
                    .message(message.body())
                    .messageAttributes(attributes))
                    .messageId();
        } catch (SdkException e) {
            throw new AlertFailedException(reasons.describe(e, "sns:Publish"), e);
        }
    }
}
