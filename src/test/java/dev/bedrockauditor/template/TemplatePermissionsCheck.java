package dev.bedrockauditor.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bedrockauditor.testing.AwsOperation;
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
 * need on the KMS key of the encrypted alert topic; and those operations are the ones {@link AwsOperation#ALL}
 * lists, the list the fault matrix injects every fault into. A new call without its permission or its place in
 * that list, or a permission no call uses, fails the build. Runs in its own failsafe execution after every
 * integration test, and like them needs moto_server.
 */
@ExtendWith(MotoServer.class)
class TemplatePermissionsCheck {

    /** The role's policies that hold the code's own calls; LambdaPlatform holds what Lambda needs. */
    private static final Set<String> CODE_POLICIES = Set.of("AuditReadOnly", "PublishFindingsAndAlerts");

    /**
     * Actions a call needs beyond its own when its target is encrypted with a customer managed KMS key: SNS
     * encrypts a message published to such a topic with the key, using the publisher's permissions on it.
     * Counted only when the template encrypts the alert topic that way.
     */
    private static final Map<String, Set<String>> FOR_ENCRYPTED_TOPIC = Map.of(
            "sns:Publish", Set.of("kms:GenerateDataKey*", "kms:Decrypt"));

    @Test
    void theRecordedOperationsAreExactlyTheListedOnes() throws IOException {
        Set<String> recorded = new TreeSet<>(recordedOperations());
        Set<String> listed = new TreeSet<>();
        AwsOperation.ALL.forEach(operation -> listed.add(operation.id()));

        Set<String> unlisted = new TreeSet<>(recorded);
        unlisted.removeAll(listed);
        Set<String> neverCalled = new TreeSet<>(listed);
        neverCalled.removeAll(recorded);
        assertEquals(Set.of(), unlisted, "calls missing from AwsOperation.ALL, and so from the fault matrix: " + unlisted);
        assertEquals(Set.of(), neverCalled, "listed operations no integration test performed: " + neverCalled);
    }

    @Test
    void grantedActionsEqualTheOperationsTheCodePerforms() throws IOException {
        Template template = Template.load();
        boolean topicEncrypted = template.resource("AlertTopic").path("Properties").has("KmsMasterKeyId");
        Set<String> performed = new TreeSet<>();
        for (String recorded : recordedOperations()) {
            AwsOperation operation = AwsOperation.of(recorded).orElseThrow(() -> new AssertionError(
                    "the code calls " + recorded + "; add it to AwsOperation.ALL"));
            operation.permission().ifPresent(performed::add);
            if (topicEncrypted) {
                performed.addAll(FOR_ENCRYPTED_TOPIC.getOrDefault(operation.iamAction(), Set.of()));
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
