package dev.bedrockauditor.aws;

import dev.bedrockauditor.alert.AlertMessage;
import dev.bedrockauditor.alert.AlertSender;
import dev.bedrockauditor.config.TopicArn;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/** Sends the alert with sns:Publish, and checks the topic first, through a client in the topic's own region. */
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

    /** sns:GetTopicAttributes: the cheapest call that fails for a missing topic or one this caller may not use. */
    @Override
    public void check(TopicArn topic) {
        try {
            clients.sns(topic.region()).getTopicAttributes(request -> request.topicArn(topic.arn()));
        } catch (SdkException e) {
            String reason = e instanceof NotFoundException ? "NotFound: no such topic in account " + topic.accountId()
                    + " and region " + topic.region() : reasons.describe(e, "sns:GetTopicAttributes");
            throw new AlertFailedException("the alert topic " + topic.arn() + " cannot be used: " + reason, e);
        }
    }
}
