package dev.bedrockauditor.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.testing.AwsOperation;
import dev.bedrockauditor.testing.MotoServer;
import dev.bedrockauditor.testing.OperationRecorder;
import dev.bedrockauditor.testing.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Least privilege, checked: the IAM actions template.yaml grants the function for its own work equal the
 * AWS operations the integration tests recorded (see {@link OperationRecorder}), plus what those calls
 * need on the KMS key of the encrypted alert topic; and those operations are the ones {@link AwsOperation#ALL}
 * lists, the list the fault matrix injects every fault into. A new call without its permission or its place in
 * that list, or a permission no call uses, fails the build. Organization mode's calls are granted only in
 * organization mode. The member role (src/cloudformation/member-role.yaml) is held to the calls made in a
 * member account the same way, on no more than the function's role grants them on, and trusts the function's
 * role alone. Runs in its own failsafe execution after every integration test, and like them needs moto_server.
 */
@ExtendWith(MotoServer.class)
class TemplatePermissionsCheck {

    /**
     * The role's policies that hold the code's own calls, AuditMemberAccounts in organization mode only;
     * LambdaPlatform holds what Lambda needs.
     */
    private static final Set<String> CODE_POLICIES = Set.of("AuditReadOnly", "PublishFindingsAndAlerts",
            "AuditMemberAccounts");

    /**
     * Actions a call needs beyond its own when its target is encrypted with a customer managed KMS key: SNS
     * encrypts a message published to such a topic with the key, using the publisher's permissions on it.
     * Counted only when the template encrypts the alert topic that way.
     */
    private static final Map<String, Set<String>> FOR_ENCRYPTED_TOPIC = Map.of(
            "sns:Publish", Set.of("kms:GenerateDataKey*", "kms:Decrypt"));

    /** What organization mode's own calls (listing the accounts, entering the member roles) need. */
    private static final Set<String> ORGANIZATION_ACTIONS = permissions(AwsOperation.Step.ACCOUNTS);

    /** The role every member account of an organization creates for the function (deployed by StackSet). */
    private static final Path MEMBER_TEMPLATE = Path.of("src/cloudformation/member-role.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();

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
            AwsOperation operation = listed(recorded);
            operation.permission().ifPresent(performed::add);
            if (topicEncrypted) {
                performed.addAll(FOR_ENCRYPTED_TOPIC.getOrDefault(operation.iamAction(), Set.of()));
            }
        }
        Set<String> granted = resourcesByAction(auditorPolicies(template, CODE_POLICIES::contains)).keySet();

        Set<String> missing = new TreeSet<>(performed);
        missing.removeAll(granted);
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(performed);
        assertEquals(Set.of(), missing, "calls the template does not permit (add them to AuditorRole): " + missing);
        assertEquals(Set.of(), unused, "permissions no recorded call uses (remove them, or test the call): " + unused);
    }

    @Test
    void theMemberRoleGrantsExactlyTheCallsMadeInAMemberAccount() throws IOException {
        Set<String> performed = new TreeSet<>();
        for (String recorded : recordedOperations()) {
            AwsOperation operation = listed(recorded);
            if (!centralOnly(operation)) {
                operation.permission().ifPresent(performed::add);
            }
        }
        Set<String> granted = resourcesByAction(memberPolicies()).keySet();

        Set<String> missing = new TreeSet<>(performed);
        missing.removeAll(granted);
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(performed);
        assertEquals(Set.of(), missing, "calls made in a member account that " + MEMBER_TEMPLATE
                + " does not permit (add them to MemberRole): " + missing);
        assertEquals(Set.of(), unused, "permissions of " + MEMBER_TEMPLATE
                + " no call in a member account uses (remove them, or test the call): " + unused);
    }

    @Test
    void theMemberRoleGrantsEachActionOnNoMoreThanTheFunctionsRoleDoes() {
        List<JsonNode> member = memberPolicies();
        member.forEach(document -> document.path("Statement").forEach(statement -> {
            Set<String> elements = fieldNames(statement);
            elements.remove("Sid");
            assertEquals(Set.of("Effect", "Action", "Resource"), elements,
                    "a member statement is an Allow of its actions on its resources, without NotAction or NotResource: "
                            + statement);
            assertEquals("Allow", statement.path("Effect").asText(), statement.toString());
        }));
        Map<String, Set<String>> central = resourcesByAction(auditorPolicies(Template.load(), CODE_POLICIES::contains));
        // ${AWS::AccountId} is the member account in the one and the central account in the other.
        Map<String, String> differences = new TreeMap<>();
        resourcesByAction(member).forEach((action, resources) -> {
            Set<String> centrally = central.getOrDefault(action, Set.of());
            if (!resources.equals(centrally)) {
                differences.put(action, "on " + resources + ", the function's role on " + centrally);
            }
        });
        assertEquals(Map.of(), differences, MEMBER_TEMPLATE + " grants actions on other resources than template.yaml's"
                + " AuditReadOnly and PublishFindingsAndAlerts: " + differences);
    }

    @Test
    void theMemberRoleTrustsTheFunctionsRoleInTheOrganizationAlone() throws IOException {
        Template member = Template.load(MEMBER_TEMPLATE);
        JsonNode statements = member.resource("MemberRole").path("Properties").path("AssumeRolePolicyDocument")
                .path("Statement");
        assertEquals(1, statements.size(), "one trust statement: " + statements);
        JsonNode trust = statements.get(0);
        Set<String> elements = fieldNames(trust);
        elements.remove("Sid");
        assertEquals(Set.of("Effect", "Principal", "Action", "Condition"), elements,
                "an Allow of one principal, without NotPrincipal or NotAction: " + trust);
        assertEquals("Allow", trust.path("Effect").asText());
        assertEquals(JSON.readTree("\"sts:AssumeRole\""), trust.path("Action"), "the role may only be assumed");

        // The central account's root, whose id is the fifth field of AuditorRoleArn: IAM refuses a principal
        // naming a role that does not exist yet, and member stacks may come before the auditor's.
        JsonNode principal = trust.path("Principal");
        assertEquals(Set.of("AWS"), fieldNames(principal),
                "no service, federated or anonymous principal: " + principal);
        JsonNode sub = principal.path("AWS");
        Matcher root = Pattern.compile("arn:\\$\\{AWS::Partition}:iam::\\$\\{(\\w+)}:root")
                .matcher(sub.path(0).asText());
        assertTrue(sub.size() == 2 && root.matches(), "the principal is one account's root: " + sub);
        assertEquals(JSON.readTree("[4, [\":\", \"AuditorRoleArn\"]]"), sub.path(1).path(root.group(1)),
                "that account is AuditorRoleArn's: " + sub);

        // Narrowed to the function's role of that account, while the account is in the organization.
        assertEquals(JSON.readTree("{\"ArnEquals\": {\"aws:PrincipalArn\": \"AuditorRoleArn\"},"
                + " \"StringEquals\": {\"aws:PrincipalOrgID\": \"OrganizationId\"}}"), trust.path("Condition"),
                "exactly the two conditions: the principal is AuditorRoleArn, and in OrganizationId");
        for (String parameter : List.of("AuditorRoleArn", "OrganizationId")) {
            assertFalse(member.parameter(parameter).has("Default"),
                    parameter + " has no default: every deployment names it");
        }
    }

    @Test
    void onlyOrganizationModeLetsTheFunctionAssumeMemberRolesAndListAccounts() {
        Template template = Template.load();
        List<JsonNode> policies = new ArrayList<>();
        template.resources().forEach(resource -> {
            if (resource.path("Properties").path("PolicyName").asText().equals("AuditMemberAccounts")) {
                policies.add(resource);
            }
        });
        assertEquals(1, policies.size(), "template.yaml has one policy AuditMemberAccounts");
        JsonNode policy = policies.get(0);
        assertEquals("AWS::IAM::Policy", policy.path("Type").asText());
        assertEquals("OrganizationMode", policy.path("Condition").asText(), "created only in organization mode");
        assertEquals(JSON.createArrayNode().add("AuditorRole"), policy.path("Properties").path("Roles"),
                "attached to the function's role");

        Map<String, Set<String>> granted = resourcesByAction(List.of(policy.path("Properties").path("PolicyDocument")));
        assertEquals(ORGANIZATION_ACTIONS, granted.keySet(),
                "AuditMemberAccounts grants exactly " + ORGANIZATION_ACTIONS);
        assertEquals(Set.of("arn:${AWS::Partition}:iam::*:role/${MemberRoleName}"), granted.get("sts:AssumeRole"),
                "the function may assume the member role, in any account, and no other role");

        Set<String> elsewhere = new TreeSet<>(
                resourcesByAction(auditorPolicies(template, name -> !name.equals("AuditMemberAccounts"))).keySet());
        elsewhere.retainAll(ORGANIZATION_ACTIONS);
        assertEquals(Set.of(), elsewhere, "granted outside organization mode too: " + elsewhere);
    }

    private static Set<String> permissions(AwsOperation.Step step) {
        Set<String> actions = new TreeSet<>();
        AwsOperation.ALL.stream().filter(operation -> operation.step() == step)
                .forEach(operation -> operation.permission().ifPresent(actions::add));
        return actions;
    }

    /**
     * Whether only the central account makes the call, with the function's own role: listing the organization's
     * accounts, entering the member roles, the alert, and the change-detection reads (organization runs check
     * change detection in the auditor's own account only, where its rule is). Every other call an audit and its
     * publishing make is made in each member account with its member role.
     */
    private static boolean centralOnly(AwsOperation operation) {
        return operation.step() == AwsOperation.Step.ACCOUNTS || operation.service().equals("Sns")
                || operation.service().equals("CloudTrail") || operation.service().equals("EventBridge");
    }

    private static AwsOperation listed(String recorded) {
        return AwsOperation.of(recorded).orElseThrow(() -> new AssertionError(
                "the code calls " + recorded + "; add it to AwsOperation.ALL"));
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

    /** The documents of AuditorRole's policies of the given names, inline or attached as AWS::IAM::Policy resources. */
    private static List<JsonNode> auditorPolicies(Template template, Predicate<String> named) {
        List<JsonNode> documents = new ArrayList<>();
        template.resource("AuditorRole").path("Properties").path("Policies").forEach(policy -> {
            if (named.test(policy.path("PolicyName").asText())) {
                documents.add(policy.path("PolicyDocument"));
            }
        });
        template.resources().forEach(resource -> {
            JsonNode properties = resource.path("Properties");
            if (resource.path("Type").asText().equals("AWS::IAM::Policy")
                    && named.test(properties.path("PolicyName").asText())
                    && properties.path("Roles").toString().contains("AuditorRole")) {
                documents.add(properties.path("PolicyDocument"));
            }
        });
        return documents;
    }

    /** The documents of the member role's policies; the member template creates that role and nothing else. */
    private static List<JsonNode> memberPolicies() {
        Template member = Template.load(MEMBER_TEMPLATE);
        assertEquals(Set.of("MemberRole"), fieldNames(member.resources()), MEMBER_TEMPLATE + " creates the role alone");
        JsonNode role = member.resource("MemberRole");
        assertEquals("AWS::IAM::Role", role.path("Type").asText());
        assertFalse(role.path("Properties").has("ManagedPolicyArns"), "the member role's policies are all inline");
        List<JsonNode> documents = new ArrayList<>();
        role.path("Properties").path("Policies").forEach(policy -> documents.add(policy.path("PolicyDocument")));
        return documents;
    }

    /**
     * The resources of the documents' Allow statements, by action. The YAML reader drops short-form tags, so a
     * resource written {@code !Sub arn:${AWS::Partition}:s3:::*} reads as that text.
     */
    private static Map<String, Set<String>> resourcesByAction(List<JsonNode> documents) {
        Map<String, Set<String>> resources = new TreeMap<>();
        documents.forEach(document -> document.path("Statement").forEach(statement -> {
            if (!statement.path("Effect").asText().equals("Allow")) {
                return;
            }
            for (String action : texts(statement.path("Action"))) {
                resources.computeIfAbsent(action, any -> new TreeSet<>()).addAll(texts(statement.path("Resource")));
            }
        }));
        return resources;
    }

    /** A policy element's values: one text, or a list of them. */
    private static List<String> texts(JsonNode element) {
        List<String> texts = new ArrayList<>();
        if (element.isArray()) {
            element.forEach(item -> texts.add(item.asText()));
        } else {
            texts.add(element.asText());
        }
        return texts;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
