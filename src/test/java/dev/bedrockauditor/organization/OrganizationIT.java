package dev.bedrockauditor.organization;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoOrganization;
import dev.bedrockauditor.testing.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.sqs.model.Message;

/** Organization mode on the command line, against the organization of {@link MotoOrganization}. */
@ExtendWith(MotoServer.class)
class OrganizationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CENTRAL = MotoAccount.ACCOUNT;
    private static final String REGIONS = "us-east-1,us-west-2";

    private MotoServer moto;
    private MotoOrganization organization;
    private String healthy;
    private String noRole;
    private String noHub;
    private String suspended;
    private MotoAccount.Topic topic;

    @BeforeEach
    void organization(MotoServer moto) {
        this.moto = moto;
        this.organization = new MotoOrganization(moto);
        healthy = organization.healthy;
        noRole = organization.noRole;
        noHub = organization.noHub;
        suspended = organization.suspended;
        topic = organization.topic;
    }

    @AfterEach
    void stop() {
        organization.close();
    }

    private static String roleArn(String account) {
        return MotoOrganization.roleArn(account);
    }

    private CommandRun.Result run(String... args) {
        return CommandRun.run(organization.endpoint(), Map.of(), args);
    }

    private static Map<String, Set<String>> findingsByAccount(JsonNode report) {
        Map<String, Set<String>> byAccount = new TreeMap<>();
        report.get("findings").forEach(finding -> byAccount.computeIfAbsent(finding.get("accountId").asText(),
                account -> new TreeSet<>()).add(finding.get("region").asText() + " " + finding.get("controlId").asText()
                        + " " + finding.get("status").asText()));
        return byAccount;
    }

    private List<AwsSecurityFinding> hub(String account, String region) {
        return new MotoAccount(moto, account).findings(region);
    }

    @Test
    void everyAccountIsAuditedThroughItsRoleAndPublishedToItsOwnHubsAndTheOthersAreNamedWithTheirReason()
            throws Exception {
        CommandRun.Result run = run("--organization", "--regions", REGIONS, "--publish", "--topic-arn", topic.arn(),
                "--output", "json");

        assertEquals(2, run.exitCode(), "an account could not be audited: " + run.stderr());
        JsonNode report = JSON.readTree(run.stdout());
        assertEquals("ORGANIZATION", report.get("mode").asText());
        assertEquals(CENTRAL, report.get("centralAccountId").asText());

        Map<String, String> notAudited = new TreeMap<>();
        report.get("accountsNotAudited").forEach(account -> notAudited.put(account.get("accountId").asText(),
                account.get("name").asText() + ": " + account.get("reason").asText()));
        assertEquals(Set.of(noRole, suspended), notAudited.keySet(), notAudited.toString());
        assertTrue(notAudited.get(noRole).startsWith("sandbox: sts:AssumeRole on " + roleArn(noRole)
                + " was refused (AccessDenied)"), notAudited.get(noRole));
        assertTrue(notAudited.get(noRole).contains("deploy src/cloudformation/member-role.yaml"), notAudited.get(noRole));
        assertTrue(notAudited.get(suspended).startsWith("retired: the account is SUSPENDED"), notAudited.get(suspended));

        Map<String, Set<String>> findings = findingsByAccount(report);
        assertEquals(Set.of(CENTRAL, healthy, noHub), findings.keySet(), "every audited account, and no other");
        assertTrue(findings.get(healthy).containsAll(List.of(
                "us-east-1 bedrock-invocation-logging-enabled PASSED",
                "us-west-2 bedrock-invocation-logging-destination PASSED")), findings.get(healthy).toString());
        assertTrue(findings.get(CENTRAL).containsAll(List.of("us-east-1 bedrock-invocation-logging-enabled FAILED",
                "us-west-2 bedrock-invocation-logging-enabled FAILED",
                "us-east-1 bedrock-invocation-logging-member-accounts FAILED")), findings.get(CENTRAL).toString());

        // Each account's findings are in its own hubs, imported as that account with its own product ARN.
        for (String account : List.of(CENTRAL, healthy)) {
            for (String region : List.of("us-east-1", "us-west-2")) {
                List<AwsSecurityFinding> stored = hub(account, region).stream()
                        .filter(finding -> finding.generatorId().equals("bedrock-invocation-logging-enabled")).toList();
                assertEquals(1, stored.size(), account + " " + region + ": " + stored);
                assertEquals(account, stored.get(0).awsAccountId());
                assertEquals("arn:aws:securityhub:" + region + ":" + account + ":product/" + account + "/default",
                        stored.get(0).productArn());
            }
        }
        // Security Hub is off in the research account's us-west-2: those findings went to its home region instead.
        assertEquals(List.of(), hub(noHub, "us-west-2"));
        assertEquals(Set.of("us-east-1", "us-west-2"), hub(noHub, "us-east-1").stream()
                .filter(finding -> finding.generatorId().equals("bedrock-invocation-logging-enabled"))
                .map(finding -> finding.resources().get(0).region()).collect(java.util.stream.Collectors.toSet()));
        JsonNode research = StreamSupport.stream(report.get("accounts").spliterator(), false)
                .filter(account -> account.get("accountId").asText().equals(noHub)).findFirst().orElseThrow();
        assertEquals("us-west-2", research.get("publication").get("fallbacks").get(0).get("fromHub").asText());

        // The member-accounts finding, in the auditor's own account, names both accounts and the hub that is off.
        List<AwsSecurityFinding> coverage = hub(CENTRAL, "us-east-1").stream()
                .filter(finding -> finding.generatorId().equals("bedrock-invocation-logging-member-accounts")).toList();
        assertEquals(1, coverage.size(), coverage.toString());
        assertEquals(CENTRAL, coverage.get(0).awsAccountId());
        assertEquals("FAILED", coverage.get(0).compliance().statusAsString());
        assertTrue(coverage.get(0).resources().stream().anyMatch(resource -> resource.id()
                .equals("AWS::::Account:" + noRole)), coverage.get(0).resources().toString());
        JsonNode coverageFinding = StreamSupport.stream(report.get("findings").spliterator(), false)
                .filter(finding -> finding.get("controlId").asText().equals("bedrock-invocation-logging-member-accounts"))
                .findFirst().orElseThrow();
        String detail = coverageFinding.get("detail").asText();
        assertTrue(detail.contains(noRole + " (sandbox): sts:AssumeRole") && detail.contains(suspended + " (retired)")
                && detail.contains(noHub + " (research): Security Hub CSPM in us-west-2 refuses findings"), detail);

        // One alert for the whole organization.
        List<Message> alerts = new MotoAccount(moto).drain("us-east-1", topic);
        assertEquals(1, alerts.size(), "one alert per run, whatever the number of accounts");
        JsonNode envelope = JSON.readTree(alerts.get(0).body());
        String subject = envelope.get("Subject").asText();
        assertTrue(subject.equals("Bedrock logging: org " + CENTRAL + ": 1 of 5 accounts not compliant, 2 not audited"), subject);
        String body = envelope.get("Message").asText();
        assertTrue(body.contains("ACCOUNTS NOT AUDITED (2)") && body.contains(noRole + " (sandbox): sts:AssumeRole"),
                body);
        assertTrue(body.contains("Account " + CENTRAL + " (master):"), body);
        assertTrue(body.contains("Account " + noHub + " (research): us-west-2 refuses findings"), body);

        // Nothing changed: the next run is quiet, and updates each account's findings in place.
        CommandRun.Result again = run("--organization", "--regions", REGIONS, "--publish", "--topic-arn", topic.arn(),
                "--output", "json");
        assertEquals(2, again.exitCode(), again.stderr());
        assertEquals(List.of(), new MotoAccount(moto).drain("us-east-1", topic), "nothing changed, so no alert");
        Map<String, Long> perControl = hub(healthy, "us-east-1").stream().collect(java.util.stream.Collectors
                .groupingBy(AwsSecurityFinding::generatorId, TreeMap::new, java.util.stream.Collectors.counting()));
        assertEquals(5, perControl.size(), perControl.toString());
        assertTrue(perControl.values().stream().allMatch(count -> count == 1), "updated in place: " + perControl);
    }

    /**
     * The member-accounts finding stays FAILED while sandbox and retired cannot be audited; the research account's
     * hub in us-west-2 starting or stopping to refuse its findings is still news, alerted once.
     */
    @Test
    void aMemberHubThatStopsOrStartsRefusingFindingsIsAlertedThoughTheMemberAccountsFindingStaysFailed()
            throws Exception {
        String[] args = {"--organization", "--regions", REGIONS, "--publish", "--topic-arn", topic.arn(), "--output",
            "json"};
        assertEquals(2, run(args).exitCode());
        assertEquals(1, new MotoAccount(moto).drain("us-east-1", topic).size(), "the first run announces it all");

        organization.researchHubInUsWest2(true);
        CommandRun.Result on = run(args);
        assertEquals(2, on.exitCode(), on.stderr());
        String detail = memberAccountsFinding(JSON.readTree(on.stdout()));
        assertTrue(detail.contains(noRole + " (sandbox)") && !detail.contains("research"), detail);
        List<Message> alerts = new MotoAccount(moto).drain("us-east-1", topic);
        assertEquals(1, alerts.size(), "the research hub takes findings again: a change, though the finding stays"
                + " FAILED");
        String body = JSON.readTree(alerts.get(0).body()).get("Message").asText();
        String changed = body.substring(body.indexOf("WHAT CHANGED SINCE THE LAST ALERT"));
        assertTrue(changed.startsWith("WHAT CHANGED SINCE THE LAST ALERT\n  Accounts audited: FAILED: 2 of 5 accounts in"
                + " scope could not be audited"), body);
        assertTrue(!body.contains("refuses findings"), "the research hub is fine now: " + body);
        assertTrue(changed.contains("\n    No longer named: " + noHub + " (research)'s Security Hub CSPM in us-west-2\n"),
                body);

        assertEquals(2, run(args).exitCode());
        assertEquals(List.of(), new MotoAccount(moto).drain("us-east-1", topic), "nothing changed since");

        organization.researchHubInUsWest2(false);
        CommandRun.Result off = run(args);
        assertEquals(2, off.exitCode(), off.stderr());
        assertTrue(memberAccountsFinding(JSON.readTree(off.stdout())).contains(noHub
                + " (research): Security Hub CSPM in us-west-2 refuses findings"), off.stdout());
        alerts = new MotoAccount(moto).drain("us-east-1", topic);
        assertEquals(1, alerts.size(), "the research hub refuses again");
        body = JSON.readTree(alerts.get(0).body()).get("Message").asText();
        assertTrue(body.contains("Account " + noHub + " (research): us-west-2 refuses findings"), body);
        changed = body.substring(body.indexOf("WHAT CHANGED SINCE THE LAST ALERT"));
        assertTrue(changed.contains("1 audited account(s) do not get their findings in every region's Security Hub"
                + " CSPM: " + noHub + " (research): Security Hub CSPM in us-west-2 refuses findings"), body);
        assertTrue(changed.contains("\n    Newly named: " + noHub + " (research)'s Security Hub CSPM in us-west-2\n"),
                body);
        AwsSecurityFinding stored = hub(CENTRAL, "us-east-1").stream().filter(finding -> finding.generatorId()
                .equals("bedrock-invocation-logging-member-accounts")).findFirst().orElseThrow();
        assertTrue(stored.resources().stream().anyMatch(resource -> resource.id().equals("arn:aws:securityhub:us-west-2:"
                + noHub + ":hub/default")), stored.resources().toString());

        assertEquals(2, run(args).exitCode());
        assertEquals(List.of(), new MotoAccount(moto).drain("us-east-1", topic), "nothing changed since");
    }

    private static String memberAccountsFinding(JsonNode report) {
        return StreamSupport.stream(report.get("findings").spliterator(), false)
                .filter(finding -> finding.get("controlId").asText().equals("bedrock-invocation-logging-member-accounts"))
                .findFirst().orElseThrow().get("detail").asText();
    }

    @Test
    void listedAccountsAreTheOnlyOnesAuditedAndAllPassingExitsZero() throws Exception {
        CommandRun.Result run = run("--accounts", healthy, "--regions", REGIONS, "--publish", "--output", "json");

        assertEquals(0, run.exitCode(), "the one account listed passes every control: " + run.stderr());
        JsonNode report = JSON.readTree(run.stdout());
        assertEquals(Set.of(healthy, CENTRAL), findingsByAccount(report).keySet(),
                "the listed account's findings, and the member-accounts finding of the auditor's own account");
        assertTrue(findingsByAccount(report).get(CENTRAL).equals(
                Set.of("us-east-1 bedrock-invocation-logging-member-accounts PASSED")), report.toString());
        assertEquals(0, report.get("accountsNotAudited").size());
        assertEquals(List.of(), hub(noHub, "us-east-1"), "an account not listed is not touched");
    }

    @Test
    void excludedAccountsAreLeftOut() throws Exception {
        CommandRun.Result run = run("--organization", "--exclude-accounts", noRole + "," + suspended, "--regions",
                REGIONS, "--output", "json");

        assertEquals(1, run.exitCode(), "the management account logs nowhere: " + run.stderr());
        JsonNode report = JSON.readTree(run.stdout());
        assertEquals(Set.of(CENTRAL, healthy, noHub), findingsByAccount(report).keySet());
        assertEquals(0, report.get("accountsNotAudited").size());
        assertTrue(report.get("accountScope").asText().contains("but the 2 excluded by --exclude-accounts"),
                report.get("accountScope").asText());
    }

    @Test
    void anAccountOutsideTheOrganizationIsAUsageErrorNamingItBeforeAnyAccountIsAudited() {
        CommandRun.Result listed = run("--accounts", healthy + ",111122223333", "--regions", REGIONS);
        assertEquals(2, listed.exitCode());
        assertEquals("", listed.stdout());
        assertTrue(listed.stderr().contains("--accounts names account 111122223333, which is not an account of the"
                + " organization (organizations:ListAccounts lists 5:"), listed.stderr());

        CommandRun.Result excluded = run("--organization", "--exclude-accounts", "111122223333");
        assertEquals(2, excluded.exitCode());
        assertTrue(excluded.stderr().contains("--exclude-accounts names account 111122223333, which is not an account"),
                excluded.stderr());

        CommandRun.Result malformed = run("--accounts", healthy + ",12345");
        assertEquals(2, malformed.exitCode());
        assertTrue(malformed.stderr().contains("--accounts names '12345', which is not an AWS account id"),
                malformed.stderr());
    }

    @Test
    void anOrganizationWithNoAccountLeftIsNothingToAudit() {
        CommandRun.Result allExcluded = run("--organization", "--exclude-accounts",
                String.join(",", CENTRAL, healthy, noRole, noHub, suspended), "--regions", REGIONS);
        assertEquals(2, allExcluded.exitCode());
        assertEquals("", allExcluded.stdout());
        assertEquals("bedrock-logging-auditor: nothing to audit: every account of the organization but the 5"
                + " excluded by --exclude-accounts leaves no account", allExcluded.stderr().strip());

        organization.wire().stubFor(post("/").atPriority(1)
                .withHeader("X-Amz-Target", equalTo("AWSOrganizationsV20161128.ListAccounts"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"Accounts\":[]}")));
        CommandRun.Result none = run("--organization", "--regions", REGIONS);
        assertEquals(2, none.exitCode());
        assertEquals("bedrock-logging-auditor: nothing to audit: organizations:ListAccounts lists no account",
                none.stderr().strip());
        // Named accounts, too: that the list is empty says more than that each is missing from it.
        CommandRun.Result named = run("--accounts", healthy, "--regions", REGIONS);
        assertEquals(2, named.exitCode());
        assertEquals("bedrock-logging-auditor: nothing to audit: organizations:ListAccounts lists no account",
                named.stderr().strip());
    }

    /** moto lists no account outside an organization; AWS refuses, as WireMock does here. */
    @Test
    void anAccountOutsideAnyOrganizationIsToldSo() {
        organization.wire().stubFor(post("/").atPriority(1)
                .withHeader("X-Amz-Target", equalTo("AWSOrganizationsV20161128.ListAccounts"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"AWSOrganizationsNotInUseException\",\"Message\":\"Your account is"
                                + " not a member of an organization.\"}")));

        CommandRun.Result run = CommandRun.run(organization.endpoint(), Map.of("AUDIT_ORGANIZATION", "true"),
                "--regions", REGIONS);

        assertEquals(2, run.exitCode());
        assertEquals("", run.stdout());
        assertTrue(run.stderr().contains("AUDIT_ORGANIZATION asks for an organization audit, but the account these"
                + " credentials belong to is not a member of an organization (AWSOrganizationsNotInUseException"),
                run.stderr());
    }
}
