package dev.bedrockauditor.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoOrganization;
import dev.bedrockauditor.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The handler in organization mode, configured as the stack configures it (AUDIT_ORGANIZATION), invoked with the
 * schedule's event against the organization of {@link MotoOrganization}.
 */
@ExtendWith(MotoServer.class)
class OrganizationHandlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoServer moto;
    private MotoOrganization organization;

    @BeforeEach
    void organization(MotoServer moto) {
        this.moto = moto;
        this.organization = new MotoOrganization(moto);
    }

    @AfterEach
    void stop() {
        organization.close();
    }

    private JsonNode invoke(Map<String, String> environment) {
        return CommandRun.withSdkProperties(organization.endpoint(), "us-east-1", Map.of(), () -> {
            try {
                AuditHandler handler = new AuditHandler(environment, List.of());
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of("events",
                        "scheduled-event.json"))), response, new LocalContext());
                return JSON.readTree(response.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void aScheduledRunAuditsTheOrganizationAndPublishesEachAccountToItsOwnHubs() {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AUDIT_ORGANIZATION", "true");
        environment.put("AUDIT_ACCOUNTS", "");
        environment.put("AUDIT_EXCLUDE_ACCOUNTS", "");
        environment.put("AUDIT_MEMBER_ROLE", MotoOrganization.ROLE);
        environment.put("AUDIT_REGIONS", String.join(",", MotoOrganization.REGIONS));
        environment.put("ALERT_TOPIC_ARN", organization.topic.arn());

        JsonNode summary = invoke(environment);

        assertEquals("COMPLETED", summary.get("outcome").asText(), summary.toString());
        assertEquals("ORGANIZATION", summary.get("mode").asText());
        assertEquals(3, summary.get("accountsAudited").asInt());
        assertTrue(summary.get("accountsNotAudited").get(organization.noRole + " (sandbox)").asText()
                .contains("sts:AssumeRole on " + MotoOrganization.roleArn(organization.noRole) + " was refused"),
                summary.toString());
        assertTrue(summary.get("accountsNotAudited").has(organization.suspended + " (retired)"), summary.toString());
        assertEquals(0, summary.get("accounts").get(organization.healthy + " (payments)").get("regionsNotCompliant")
                .size(), summary.toString());
        assertTrue(summary.get("alert").asText().startsWith("SENT"), summary.toString());
        assertEquals(1, new MotoAccount(moto).drain("us-east-1", organization.topic).size());
        assertTrue(new MotoAccount(moto, organization.healthy).findings("us-west-2").stream()
                .allMatch(finding -> finding.awsAccountId().equals(organization.healthy)));
        assertEquals(5, new MotoAccount(moto, organization.healthy).findings("us-west-2").size(),
                "the healthy member's five controls in its own us-west-2 hub");
    }
}
