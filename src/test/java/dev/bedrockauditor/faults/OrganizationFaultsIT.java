package dev.bedrockauditor.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.bedrockauditor.testing.AwsOperation;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoOrganization;
import dev.bedrockauditor.testing.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every fault kind injected into the two calls of organization mode (organizations:ListAccounts and the member
 * role's sts:AssumeRole), passing (all attempts but the last fail) and lasting, each a run of the command with
 * {@code --accounts} naming one healthy member, judged by what a user would check:
 * <ul>
 * <li>a passing fault leaves exactly the fault-free outcome: the member audited, exit status 0;</li>
 * <li>a lasting fault on the member's role leaves the member reported as not audited, naming the call, the role
 *     and the cause, the member-accounts finding FAILED, and exit status 2;</li>
 * <li>a lasting fault on listing the organization stops the run before any audit with exit status 2, naming the
 *     call and the cause.</li>
 * </ul>
 */
@ExtendWith(MotoServer.class)
class OrganizationFaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);
    private static final List<String> ORGANIZATION_OPERATIONS = List.of("Organizations:ListAccounts", "Sts:AssumeRole");

    @TestFactory
    Stream<DynamicTest> everyFaultInEveryOrganizationCall(MotoServer moto) {
        MotoOrganization organization = new MotoOrganization(moto);
        List<AwsOperation> operations = AwsOperation.ALL.stream()
                .filter(operation -> operation.step() == AwsOperation.Step.ACCOUNTS).toList();
        assertEquals(ORGANIZATION_OPERATIONS, operations.stream().map(AwsOperation::id).toList(),
                "the calls this class injects faults into are the ACCOUNTS step of AwsOperation.ALL");
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("fault-free", () -> {
            JsonNode report = judgedClean(run(organization));
            assertEquals(0, report.get("accountsNotAudited").size(), report.toString());
        }));
        for (AwsOperation operation : operations) {
            for (FaultKind kind : FaultKind.values()) {
                if (!kind.appliesTo(operation)) {
                    continue;
                }
                for (boolean passing : List.of(true, false)) {
                    String name = operation.id() + " " + kind + (passing ? " passing" : " lasting");
                    tests.add(dynamicTest(name, () -> cell(moto, organization, operation, kind, passing)));
                }
            }
        }
        tests.add(dynamicTest("stop", organization::close));
        return tests.stream();
    }

    private void cell(MotoServer moto, MotoOrganization organization, AwsOperation operation, FaultKind kind,
            boolean passing) throws Exception {
        WireMockServer aws = organization.wire();
        List<StubMapping> stubs = inject(aws, () -> request(operation, organization), operation, kind, passing, moto);
        try {
            CommandRun.Result run = run(organization);
            if (passing && kind.passes()) {
                judgedClean(run);
            } else if (operation.id().equals("Sts:AssumeRole")) {
                assertEquals(2, run.exitCode(), run.stderr());
                JsonNode report = JSON.readTree(run.stdout());
                JsonNode notAudited = report.get("accountsNotAudited");
                assertEquals(1, notAudited.size(), notAudited.toString());
                assertEquals(organization.healthy, notAudited.get(0).get("accountId").asText());
                String reason = notAudited.get(0).get("reason").asText();
                String role = MotoOrganization.roleArn(organization.healthy);
                String expected = kind == FaultKind.ACCESS_DENIED
                        ? "sts:AssumeRole on " + role + " was refused (AccessDenied)"
                        : "sts:AssumeRole on " + role + " failed: ";
                assertTrue(reason.startsWith(expected), reason);
                if (kind != FaultKind.ACCESS_DENIED) {
                    assertTrue(reason.contains(kind.cause(operation, ATTEMPT_TIMEOUT)), reason);
                }
                JsonNode coverage = report.get("findings").get(report.get("findings").size() - 1);
                assertEquals("bedrock-invocation-logging-member-accounts", coverage.get("controlId").asText());
                assertEquals("FAILED", coverage.get("status").asText());
            } else {
                assertEquals(2, run.exitCode(), run.stderr());
                assertEquals("", run.stdout(), "nothing is audited without the organization's accounts");
                assertTrue(run.stderr().contains("organizations:ListAccounts failed: "), run.stderr());
                String cause = kind == FaultKind.ACCESS_DENIED
                        ? "AccessDenied: the auditor's role lacks organizations:ListAccounts"
                        : kind.cause(operation, ATTEMPT_TIMEOUT);
                assertTrue(run.stderr().contains(cause), run.stderr());
            }
            assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
        } finally {
            stubs.forEach(aws::removeStub);
            aws.resetScenarios();
        }
    }

    private static MappingBuilder request(AwsOperation operation, MotoOrganization organization) {
        return operation.id().equals("Sts:AssumeRole") ? MotoOrganization.assumeRoleOf(organization.healthy)
                : post("/").withHeader("X-Amz-Target", equalTo("AWSOrganizationsV20161128.ListAccounts"));
    }

    /**
     * The fault on every attempt, or on all but the last: a scenario whose first states answer with the fault
     * and whose last has no stub of its own, so moto's proxy answers.
     *
     * @param request a new matcher for each stub (WireMock ties a stub's id to its builder)
     */
    private static List<StubMapping> inject(WireMockServer aws, Supplier<MappingBuilder> request, AwsOperation operation,
            FaultKind kind, boolean passing, MotoServer moto) {
        List<StubMapping> stubs = new ArrayList<>();
        if (!passing) {
            stubs.add(aws.stubFor(request.get().atPriority(2).willReturn(kind.reply(operation, moto.endpoint(),
                    ATTEMPT_TIMEOUT))));
            return stubs;
        }
        String scenario = operation.id() + " " + kind;
        String state = Scenario.STARTED;
        for (int attempt = 1; attempt <= kind.spoiledAttempts(); attempt++) {
            String next = "spoiled " + attempt;
            stubs.add(aws.stubFor(request.get().atPriority(2).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(kind.reply(operation, moto.endpoint(), ATTEMPT_TIMEOUT)).willSetStateTo(next)));
            state = next;
        }
        return stubs;
    }

    private static CommandRun.Result run(MotoOrganization organization) {
        return CommandRun.run(organization.endpoint(), Map.of(), "--accounts", organization.healthy, "--regions",
                "us-east-1", "--attempt-timeout", String.valueOf(ATTEMPT_TIMEOUT.toSeconds()), "--call-timeout", "10",
                "--output", "json");
    }

    /** The fault-free outcome: the member audited, every control PASSED, exit status 0. */
    private static JsonNode judgedClean(CommandRun.Result run) throws Exception {
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode report = JSON.readTree(run.stdout());
        assertEquals(0, report.get("accountsNotAudited").size(), report.toString());
        report.get("findings").forEach(finding -> assertEquals("PASSED", finding.get("status").asText(),
                finding.toString()));
        return report;
    }
}
