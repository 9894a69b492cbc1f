package dev.bedrockauditor.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoChangeDetection;
import dev.bedrockauditor.testing.MotoServer;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The account the Lambda integration tests audit, in a freshly reset moto: eu-west-1 logs everything,
 * us-west-2 does not log, and the alert topic in us-east-1 has a queue to read alerts back from. Change
 * detection, which the stack's CHANGE_DETECTION_RULE turns on, is in place in both regions (a logging
 * multi-Region trail, and the rule as the forwarder creates it), so its findings pass.
 */
final class AuditedAccount {

    /** The value of AUDIT_REGIONS (the AuditRegions parameter) for these tests. */
    static final String REGIONS = "eu-west-1,us-west-2";

    /** An alert topic that does not exist: the run's delivery fails after the findings were imported. */
    static final String MISSING_TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:no-such-topic";

    private final MotoServer moto;
    private final MotoAccount account;
    private final MotoAccount.Topic topic;

    private AuditedAccount(MotoServer moto, MotoAccount account, MotoAccount.Topic topic) {
        this.moto = moto;
        this.account = account;
        this.topic = topic;
    }

    static AuditedAccount seed(MotoServer moto) {
        MotoAccount account = new MotoAccount(moto);
        account.fullLogging("eu-west-1");
        new MotoChangeDetection(moto).inPlace("us-east-1", "eu-west-1", "us-west-2");
        return new AuditedAccount(moto, account, account.topicWithQueue("us-east-1", "auditor-alerts"));
    }

    /** Creates the topic {@link #MISSING_TOPIC_ARN} names, with a queue to read it back: the operator's fix. */
    MotoAccount.Topic createMissingTopic() {
        return account.topicWithQueue("us-east-1", MISSING_TOPIC_ARN.substring(MISSING_TOPIC_ARN.lastIndexOf(':') + 1));
    }

    /** The messages published to a topic since the last call. */
    List<Message> alerts(MotoAccount.Topic on) {
        return account.drain("us-east-1", on);
    }

    /** moto_server's URL, for AWS_ENDPOINT_URL. */
    URI endpoint() {
        return moto.endpoint();
    }

    String topicArn() {
        return topic.arn();
    }

    /** Our findings in one region's Security Hub. */
    List<AwsSecurityFinding> findings(String region) {
        return account.findings(region);
    }

    /** The alerts published since the last call, as SNS delivered them. */
    List<Message> alerts() {
        return account.drain("us-east-1", topic);
    }

    void assertNothingPublished() {
        assertEquals(List.of(), findings("eu-west-1"), "no finding in eu-west-1");
        assertEquals(List.of(), findings("us-west-2"), "no finding in us-west-2");
        assertEquals(List.of(), alerts(), "no alert");
    }

    /**
     * A completed audit of both regions: six findings in eu-west-1's hub, and in us-west-2's, where logging is
     * off, the enabled control's and change detection's.
     */
    /**
     * Also that eu-west-1's findings all passed: its destinations were read, S3's replies parsed as XML by the
     * factory the auditor installs, loaded as the function's class where Lambda runs it.
     */
    void assertAuditPublished() {
        assertEquals(6, findings("eu-west-1").size(), "findings in eu-west-1");
        assertEquals(2, findings("us-west-2").size(), "findings in us-west-2");
        assertEquals(List.of("PASSED"), findings("eu-west-1").stream()
                .map(finding -> finding.compliance().statusAsString()).distinct().toList(),
                "eu-west-1 logs everything to healthy destinations: " + findings("eu-west-1"));
    }
}
