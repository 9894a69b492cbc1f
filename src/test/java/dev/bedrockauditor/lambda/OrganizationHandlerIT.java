package dev.bedrockauditor.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The handler in organization mode, configured as the stack configures it (AUDIT_ORGANIZATION), invoked with the
 * schedule's event against the organization of {@link MotoOrganization}.
 */
@ExtendWith(MotoServer.class)
class OrganizationHandlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoServer moto;
    private MotoOrganization organization;

    /** The handler's log one line per message on stderr, as LocalInvoke prints it, not run together on stdout. */
    @BeforeAll
    static void logLines() {
        StderrLambdaLogger.install(System.err);
    }

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
        return invoke(environment, new LocalContext());
    }

    private JsonNode invoke(Map<String, String> environment, Context context) {
        return CommandRun.withSdkProperties(organization.endpoint(), "us-east-1", Map.of(), () -> {
            try {
                AuditHandler handler = new AuditHandler(environment, List.of());
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of("events",
                        "scheduled-event.json"))), response, context);
                return JSON.readTree(response.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void aScheduledRunAuditsTheOrganizationAndPublishesEachAccountToItsOwnHubs() {
        Map<String, String> environment = environment();


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

    /**
     * When the function's time runs short, the accounts whose turn comes later are not started but named, and the
     * accounts audited are published with the one alert, instead of the timeout cutting off the whole run. The
     * context grants the whole timeout to the run's start and to the first two accounts' turns, then one minute:
     * less than the 180 s an account may need at the default 20 s call timeout.
     */
    @Test
    void accountsWhoseTurnComesTooLateAreNamedAndTheOthersStillPublished() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        JsonNode summary = invoke(environment(), new LocalContext(() -> asked.incrementAndGet() <= 3 ? 900_000 : 60_000));

        assertEquals("COMPLETED", summary.get("outcome").asText(), summary.toString());
        JsonNode notAudited = summary.get("accountsNotAudited");
        List<String> outOfTime = new ArrayList<>();
        notAudited.fields().forEachRemaining(account -> {
            if (account.getValue().asText().startsWith("not started: the run had 60 s left, less than the 180 s an"
                    + " account may need to be audited and published (9 calls in a row at the 20 s call timeout)")) {
                outOfTime.add(account.getKey());
            }
        });
        assertEquals(2, outOfTime.size(), "two of the four ACTIVE accounts had their turn after time ran short: "
                + summary);
        assertTrue(notAudited.has(organization.suspended + " (retired)"), summary.toString());
        assertEquals(4, summary.get("accountsAudited").asInt() + notAudited.size() - 1,
                "every ACTIVE account is audited or named: " + summary);
        assertTrue(summary.get("alert").asText().startsWith("SENT"), summary.toString());
        List<Message> alerts = new MotoAccount(moto).drain("us-east-1", organization.topic);
        assertEquals(1, alerts.size(), "one alert, for the accounts audited and those not");
        String alert = JSON.readTree(alerts.get(0).body()).get("Message").asText();
        assertTrue(alert.contains("ACCOUNTS NOT AUDITED"), alert);
        outOfTime.forEach(account -> assertTrue(alert.contains(account.substring(0, 12)), account + " in " + alert));

        List<AwsSecurityFinding> coverage = new MotoAccount(moto).findings("us-east-1").stream()
                .filter(finding -> finding.generatorId().equals("bedrock-invocation-logging-member-accounts")).toList();
        assertEquals(1, coverage.size());
        assertEquals("FAILED", coverage.get(0).compliance().statusAsString());
        outOfTime.forEach(account -> assertTrue(coverage.get(0).resources().stream().anyMatch(resource -> resource.id()
                .equals("AWS::::Account:" + account.substring(0, 12))), account + " in " + coverage.get(0).resources()));
        summary.get("accounts").fieldNames().forEachRemaining(label -> {
            String account = label.substring(0, 12);
            List<AwsSecurityFinding> own = new MotoAccount(moto, account).findings("us-east-1").stream()
                    .filter(finding -> !finding.generatorId().equals("bedrock-invocation-logging-member-accounts"))
                    .toList();
            assertFalse(own.isEmpty(), label + ": the account audited is published in its own us-east-1 hub");
            assertTrue(own.stream().allMatch(finding -> finding.awsAccountId().equals(account)), own.toString());
        });
    }

    /**
     * A runtime that sends no deadline makes the context report no time left (Lambda always sends one): that is
     * no known limit, so every account is still audited rather than every one named as too late.
     */
    @Test
    void noTimeLeftAtTheStartMeansNoKnownDeadlineAndEveryAccountIsAudited() throws IOException {
        for (int remaining : new int[] {0, -1_764_000_000}) {
            JsonNode summary = invoke(environment(), new LocalContext(() -> remaining));

            assertEquals("COMPLETED", summary.get("outcome").asText(), summary.toString());
            assertEquals(3, summary.get("accountsAudited").asInt(), remaining + " ms: " + summary);
            List<String> reasons = new ArrayList<>();
            summary.get("accountsNotAudited").forEach(reason -> reasons.add(reason.asText()));
            assertTrue(reasons.stream().noneMatch(reason -> reason.startsWith("not started")), reasons.toString());
            new MotoAccount(moto).drain("us-east-1", organization.topic);
        }
    }

    /**
     * The member-accounts finding stays FAILED from one run to the next (the sandbox's role refuses), but a further
     * account not audited is news: the second run alerts, though alerts go out only on changes.
     */
    @Test
    void anotherAccountNotAuditedIsAlertedThoughTheMemberAccountsFindingStaysFailed() throws IOException {
        JsonNode first = invoke(environment());
        assertEquals(2, first.get("accountsNotAudited").size(), first.toString());
        assertEquals(1, new MotoAccount(moto).drain("us-east-1", organization.topic).size(), "the first run's alert");

        AtomicInteger asked = new AtomicInteger();
        // Two accounts' turns come too late: whichever they are, the set differs from the first run's.
        JsonNode second = invoke(environment(), new LocalContext(() -> asked.incrementAndGet() <= 3 ? 900_000 : 60_000));

        int notAudited = second.get("accountsNotAudited").size();
        assertTrue(notAudited >= 3, second.toString());
        assertTrue(second.get("alert").asText().startsWith("SENT"), second.toString());
        List<Message> alerts = new MotoAccount(moto).drain("us-east-1", organization.topic);
        assertEquals(1, alerts.size());
        String alert = JSON.readTree(alerts.get(0).body()).get("Message").asText();
        assertTrue(alert.contains("ACCOUNTS NOT AUDITED (" + notAudited + ")"), alert);

        JsonNode third = invoke(environment());
        assertEquals(2, third.get("accountsNotAudited").size(), third.toString());
        assertTrue(third.get("alert").asText().startsWith("SENT"), "back to the first run's accounts is a change too: "
                + third);
        new MotoAccount(moto).drain("us-east-1", organization.topic);

        JsonNode fourth = invoke(environment());
        assertTrue(fourth.get("alert").asText().startsWith("NOT_SENT"), "nothing changed: " + fourth);
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AUDIT_ORGANIZATION", "true");
        environment.put("AUDIT_ACCOUNTS", "");
        environment.put("AUDIT_EXCLUDE_ACCOUNTS", "");
        environment.put("AUDIT_MEMBER_ROLE", MotoOrganization.ROLE);
        environment.put("AUDIT_REGIONS", String.join(",", MotoOrganization.REGIONS));
        environment.put("ALERT_TOPIC_ARN", organization.topic.arn());
        return environment;
    }
}
