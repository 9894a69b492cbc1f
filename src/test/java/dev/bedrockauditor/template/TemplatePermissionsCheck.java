package dev.bedrockauditor.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bedrockauditor.testing.MotoServer;
import dev.bedrockauditor.testing.OperationRecorder;
import dev.bedrockauditor.testing.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Least privilege, checked: the IAM actions template.yaml grants the function for its own work equal the
 * AWS operations the integration tests recorded (see {@link OperationRecorder}), plus what those calls
 * need on the KMS key of the encrypted alert topic. A new call without its permission, or a permission no
 * call uses, fails the build. Runs in its own failsafe execution after
 * every integration test, and like them needs moto_server.
 */
@ExtendWith(MotoServer.class)
class TemplatePermissionsCheck {

    /** The role's policies that hold the code's own calls; LambdaPlatform holds what Lambda needs. */
    private static final Set<String> CODE_POLICIES = Set.of("AuditReadOnly", "PublishFindingsAndAlerts");

    /** Operations that need no IAM permission at all. */
    private static final Set<String> NEED_NO_PERMISSION = Set.of("sts:GetCallerIdentity");

    /** The SDK's service names (as its execution attributes carry them) and the IAM prefixes of their actions. */
    private static final Map<String, String> IAM_PREFIX = Map.ofEntries(
            Map.entry("Bedrock", "bedrock"), Map.entry("Account", "account"), Map.entry("Sts", "sts"),
            Map.entry("SecurityHub", "securityhub"), Map.entry("Sns", "sns"), Map.entry("S3", "s3"),
            Map.entry("Iam", "iam"), Map.entry("CloudWatchLogs", "logs"), Map.entry("Kms", "kms"),
            Map.entry("S3Control", "s3"), Map.entry("CloudTrail", "cloudtrail"), Map.entry("EventBridge", "events"));

    /**
     * Actions a call needs beyond its own when its target is encrypted with a customer managed KMS key: SNS
     * encrypts a message published to such a topic with the key, using the publisher's permissions on it.
     * Counted only when the template encrypts the alert topic that way.
     */
    private static final Map<String, Set<String>> FOR_ENCRYPTED_TOPIC = Map.of(
            "sns:Publish", Set.of("kms:GenerateDataKey*", "kms:Decrypt"));

    /** Operations whose IAM action is named differently, by service and operation as recorded. */
    private static final Map<String, String> OPERATION_ACTION = Map.of(
            "S3Control:GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock");

    /** Operations whose IAM action is named differently. */
    private static final Map<String, String> ACTION_FOR = Map.of(
            "s3:HeadBucket", "s3:ListBucket",
            "s3:GetBucketEncryption", "s3:GetEncryptionConfiguration",
            "s3:GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock",
            "s3:GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration");

    @Test
    void grantedActionsEqualTheOperationsTheCodePerforms() throws IOException {
        Template template = Template.load();
        boolean topicEncrypted = template.resource("AlertTopic").path("Properties").has("KmsMasterKeyId");
        Set<String> performed = new TreeSet<>();
        for (String operation : recordedOperations()) {
            String[] parts = operation.split(":", 2);
            String prefix = IAM_PREFIX.get(parts[0]);
            if (prefix == null) {
                throw new AssertionError("the code calls " + operation + "; add its IAM prefix to this check");
            }
            String action = OPERATION_ACTION.getOrDefault(operation, prefix + ":" + parts[1]);
            action = ACTION_FOR.getOrDefault(action, action);
            if (!NEED_NO_PERMISSION.contains(action)) {
                performed.add(action);
            }
            if (topicEncrypted) {
                performed.addAll(FOR_ENCRYPTED_TOPIC.getOrDefault(action, Set.of()));
            }
        }
        Set<String> granted = grantedToTheCode(template);

        Set<String> missing = new TreeSet<>(performed);
        missing.removeAll(granted);
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(performed);
        assertEquals(Set.of(), missing, "calls the template does not permit (add them to AuditorRole): " + missing);
        assertEquals(Set.of(), unused, "permissions no recorded call uses (remove them, or test the call): " + unused);
    }

    private static List<String> recordedOperations() throws IOException {
        Path directory = Path.of(System.getProperty(OperationRecorder.DIRECTORY_PROPERTY, "target/aws-operations"));
        Set<String> operations = new TreeSet<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    operations.addAll(Files.readAllLines(file));
                }
            }
        }
        assertFalse(operations.isEmpty(), "no AWS operation was recorded in " + directory
                + ": run this check after the integration tests (mvn verify)");
        return List.copyOf(operations);
    }

    /** Actions of the code's policies on AuditorRole, inline or attached as AWS::IAM::Policy resources. */
    private static Set<String> grantedToTheCode(Template template) {
        Set<String> actions = new TreeSet<>();
        template.resource("AuditorRole").path("Properties").path("Policies").forEach(policy -> {
            if (CODE_POLICIES.contains(policy.path("PolicyName").asText())) {
                collectActions(policy.path("PolicyDocument"), actions);
            }
        });
        template.resources().fields().forEachRemaining(entry -> {
            JsonNode properties = entry.getValue().path("Properties");
            if (entry.getValue().path("Type").asText().equals("AWS::IAM::Policy")
                    && CODE_POLICIES.contains(properties.path("PolicyName").asText())
                    && properties.path("Roles").toString().contains("AuditorRole")) {
                collectActions(properties.path("PolicyDocument"), actions);
            }
        });
        return actions;
    }

    private static void collectActions(JsonNode document, Set<String> actions) {
        document.path("Statement").forEach(statement -> {
            if (!statement.path("Effect").asText().equals("Allow")) {
                return;
            }
            JsonNode action = statement.path("Action");
            if (action.isArray()) {
                action.forEach(item -> actions.add(item.asText()));
            } else {
                actions.add(action.asText());
            }
        });
    }
}
