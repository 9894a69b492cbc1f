package dev.bedrockauditor.alert;

import static dev.bedrockauditor.alert.OrganizationAlerts.CENTRAL;
import static dev.bedrockauditor.alert.OrganizationAlerts.DATA;
import static dev.bedrockauditor.alert.OrganizationAlerts.NONE;
import static dev.bedrockauditor.alert.OrganizationAlerts.PAYMENTS;
import static dev.bedrockauditor.alert.OrganizationAlerts.SANDBOX;
import static dev.bedrockauditor.alert.OrganizationAlerts.alert;
import static dev.bedrockauditor.alert.OrganizationAlerts.central;
import static dev.bedrockauditor.alert.OrganizationAlerts.data;
import static dev.bedrockauditor.alert.OrganizationAlerts.firstRun;
import static dev.bedrockauditor.alert.OrganizationAlerts.mixed;
import static dev.bedrockauditor.alert.OrganizationAlerts.part;
import static dev.bedrockauditor.alert.OrganizationAlerts.payments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.controls.MemberAccountsCheck;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.HubProblem;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.PublicationReport.Fallback;
import dev.bedrockauditor.domain.PublicationReport.Undelivered;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.UnauditedAccount;
import dev.bedrockauditor.testing.Reports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** An organization run's one alert: every account in it, what to fix with whose credentials, within SNS's limits. */
class OrganizationAlertFormatterTest {

    /** SNS's limit for one message, subject and attributes included. */
    private static final int SNS_MAX_BYTES = 262_144;

    private static void assertSnsSubject(String subject) {
        assertTrue(subject.length() <= AlertFormatter.MAX_SUBJECT, subject.length() + ": " + subject);
        assertTrue(subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "ASCII on one line: " + subject);
    }

    /** Within SNS's limits, led by the organization run's central account, and naming each of the counts. */
    private static void assertSubject(String subject, String... counts) {
        assertSnsSubject(subject);
        assertTrue(subject.startsWith("Bedrock logging: org 111122223333: "), subject);
        for (String count : counts) {
            assertTrue(subject.contains(count), subject);
        }
    }

    /** The lines of the body's section with this title, up to the next section. */
    private static String section(String body, String title) {
        int start = body.indexOf("\n" + title + "\n");
        assertTrue(start >= 0, title + " in:\n" + body);
        int end = body.indexOf("\n\n", start + 1);
        return body.substring(start + 1, end < 0 ? body.length() : end + 1);
    }

    @Test
    void theSubjectCountsAccountsNotCompliantAndNotAuditedAndNamesTheOrganizationRun() {
        String subject = AlertFormatter.formatOrganization(mixed()).subject();

        assertSubject(subject);
        assertEquals("Bedrock logging: org 111122223333: 2 of 4 accounts not compliant, 1 not audited", subject);
    }

    @Test
    void theSubjectSaysWhenEveryAccountIsCompliant() {
        OrganizationAlert compliant = alert(List.of(part("Management", central(), NONE),
                part("Payments", Reports.inAccount(PAYMENTS, central()), NONE)), List.of());

        assertEquals("Bedrock logging: org 111122223333: all 2 accounts compliant",
                AlertFormatter.formatOrganization(compliant).subject());
    }

    @Test
    void theSubjectKeepsTheOrganizationAndItsCountsWhenManyAccountsFailAndDeliveryFailed() {
        AuditReport payments = payments();
        List<OrganizationAlert.AccountPart> parts = new ArrayList<>();
        List<UnauditedAccount> unaudited = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = String.format("%012d", 100_000_000_000L + i);
            parts.add(part("workload-" + i, Reports.inAccount(id, payments), NONE, new AlertContext(region -> region,
                    List.of(), List.of(new Undelivered("finding-" + i, "us-west-2", "ThrottlingException")))));
            unaudited.add(new UnauditedAccount(String.format("%012d", 200_000_000_000L + i), "", "AccessDenied"));
        }

        String subject = AlertFormatter.formatOrganization(alert(parts, unaudited)).subject();

        assertSubject(subject, " 300 of 600 ", "300 not audited");
    }

    @Test
    void theBodyListsTheAccountsNotAuditedWithTheirReasons() {
        String body = AlertFormatter.formatOrganization(mixed()).body();

        assertTrue(body.startsWith("Amazon Bedrock model invocation logging audit of 4 account(s) of the organization,"
                + " run from account 111122223333 (partition aws), 2026-11-24 10:00 UTC.\n"
                + "3 account(s) audited (5 regions in all): 1 compliant, 2 with something to act on; 1 could not be"
                + " audited.\n"), body);
        assertEquals("ACCOUNTS NOT AUDITED (1)\n"
                + "  Nothing is known about Bedrock logging in these accounts:\n"
                + "  555566667777 (Sandbox): " + SANDBOX.reason() + "\n", section(body, "ACCOUNTS NOT AUDITED (1)"));
    }

    @Test
    void theChangesAreListedUnderEachAccountsLabel() {
        String changes = section(AlertFormatter.formatOrganization(mixed()).body(),
                "WHAT CHANGED SINCE THE LAST ALERT");

        assertTrue(changes.contains("  Account 444455556666 (Payments):\n    Newly failing:\n"
                + "    us-west-2       FAILED LOGGING: Logging is off"), changes);
        assertTrue(changes.contains("  Account 777788889999 (Data):\n    Newly failing:\n"
                + "    eu-west-1       FAILED DATA TYPES: Not delivered: IMAGE, EMBEDDING, VIDEO, AUDIO"), changes);
        assertFalse(changes.contains("Account 111122223333"), "an account without a change is not listed: " + changes);
        assertFalse(changes.contains("Nothing."), changes);
    }

    @Test
    void aRecoveryAndAChangeInWhichAccountsWereAuditedAreChangesToo() {
        AuditReport report = central();
        Finding recovered = report.findings().get(0);
        List<OrganizationAlert.AccountPart> parts = List.of(part("Management", report, new Changes(List.of(),
                List.of(), List.of(recovered))));
        Finding coverage = OrganizationAlerts.coverage(parts, List.of(SANDBOX));
        OrganizationAlert alert = alert(parts, List.of(SANDBOX), new Changes(List.of(coverage), List.of(), List.of()));

        String changes = section(AlertFormatter.formatOrganization(alert).body(), "WHAT CHANGED SINCE THE LAST ALERT");

        assertTrue(changes.contains("  Accounts audited: FAILED: 1 of 2 accounts in scope could not be audited"),
                changes);
        assertTrue(changes.contains("  Account 111122223333 (Management):\n    Recovered (now PASSED):\n    "
                + recovered.region()), changes);
        String unchanged = section(AlertFormatter.formatOrganization(alert(List.of(part("Management", report, NONE)),
                List.of())).body(), "WHAT CHANGED SINCE THE LAST ALERT");
        assertEquals("WHAT CHANGED SINCE THE LAST ALERT\n  Nothing.\n", unchanged);
    }

    /**
     * The member-accounts finding stays FAILED; what changed is which accounts and hubs it names, so the alert
     * says which came and which went, by label.
     */
    @Test
    void aChangeInWhichAccountsAndHubsTheMemberAccountsFindingNamesSaysWhichCameAndWent() {
        List<OrganizationAlert.AccountPart> parts = List.of(part("Management", central(), NONE),
                part("Payments", payments(), NONE));
        Finding coverage = new MemberAccountsCheck().evaluate("us-east-1", 2, List.of(SANDBOX), List.of(
                HubProblem.refusing("444455556666 (Payments)", Resource.hub("aws", PAYMENTS, "us-west-2"),
                        "Security Hub CSPM in us-west-2 refuses findings (x), so its findings go to us-east-1")));
        Set<String> before = Set.of("AWS::::Account:" + SANDBOX.id(), "AWS::::Account:999900001111",
                "arn:aws:securityhub:eu-west-1:" + CENTRAL + ":hub/default");
        OrganizationAlert alert = new OrganizationAlert(CENTRAL, "aws", Reports.FINISHED, parts, List.of(SANDBOX),
                coverage, new Changes(List.of(coverage), List.of(), List.of()), Optional.of(before));

        String changes = section(AlertFormatter.formatOrganization(alert).body(), "WHAT CHANGED SINCE THE LAST ALERT");

        assertTrue(changes.contains("\n    Newly named: 444455556666 (Payments)'s Security Hub CSPM in us-west-2\n"),
                changes);
        assertTrue(changes.contains("\n    No longer named: account 999900001111; " + CENTRAL
                + " (Management)'s Security Hub CSPM in eu-west-1\n"), changes);
        assertFalse(changes.contains("account " + SANDBOX.label()), "named before and now: " + changes);
        String unknown = section(AlertFormatter.formatOrganization(new OrganizationAlert(CENTRAL, "aws",
                Reports.FINISHED, parts, List.of(SANDBOX), coverage, new Changes(List.of(coverage), List.of(),
                        List.of()))).body(), "WHAT CHANGED SINCE THE LAST ALERT");
        assertFalse(unknown.contains("named:"), "nothing known of before, so no list: " + unknown);
    }

    @Test
    void whatIsNotCompliantNowIsGroupedByAccount() {
        String notCompliant = section(AlertFormatter.formatOrganization(mixed()).body(),
                "NOT COMPLIANT NOW, BY ACCOUNT (2)");

        assertTrue(notCompliant.contains("  Account 444455556666 (Payments):\n"
                + "    us-west-2       FAILED         LOGGING: Logging is off"), notCompliant);
        assertTrue(notCompliant.contains("  Account 777788889999 (Data):\n"
                + "    eu-west-1       FAILED         DATA TYPES: Not delivered: IMAGE"), notCompliant);
        assertFalse(notCompliant.contains("111122223333"), "the compliant account is not listed: " + notCompliant);
    }

    @Test
    void eachAccountsFixesAreHeadedByTheAccountWhoseCredentialsToUse() {
        String fixes = section(AlertFormatter.formatOrganization(mixed()).body(), "HOW TO FIX");

        assertTrue(fixes.contains("credentials of the account named above them"), fixes);
        int payments = fixes.indexOf("  Account 444455556666 (Payments), with credentials of account 444455556666:\n"
                + "  us-west-2 (LOGGING):\n");
        int data = fixes.indexOf("  Account 777788889999 (Data), with credentials of account 777788889999:\n"
                + "  eu-west-1 (DATA TYPES):\n");
        assertTrue(payments > 0, fixes);
        assertTrue(data > payments, "in the accounts' order: " + fixes);
        assertTrue(fixes.substring(payments, data).contains("aws bedrock put-model-invocation-logging-configuration"
                + " --region us-west-2"), "Payments' commands sit under its header: " + fixes);
        assertTrue(fixes.substring(data).contains("--region eu-west-1"), fixes);
        assertFalse(fixes.contains("account 111122223333:"), "nothing to fix in the compliant account: " + fixes);
    }

    @Test
    void theCoverageFindingIsLinkedInTheCentralAccountsHub() {
        String hub = section(AlertFormatter.formatOrganization(mixed()).body(), "IN SECURITY HUB CSPM");

        assertTrue(hub.contains("  Which accounts could not be audited: finding bedrock-invocation-logging-member-accounts"
                + " of account 111122223333 in us-east-1: https://console.aws.amazon.com/securityhub/home?region=us-east-1"
                + "#/findings"), hub);
    }

    @Test
    void theDeliveryProblemsOfEachAccountAreNamedByAccount() {
        OrganizationAlert alert = alert(List.of(part("Management", central(), NONE),
                part("Payments", payments(), NONE, new AlertContext(region -> "us-east-1", List.of(new Fallback(
                        "us-west-2", "us-east-1", 2, "InvalidAccessException: Security Hub CSPM is not enabled")),
                        List.of())),
                part("Data", data(), NONE, new AlertContext(region -> region, List.of(), List.of(new Undelivered(
                        "bedrock-logging-auditor/aws/777788889999/eu-west-1/x", "eu-west-1",
                        "ThrottlingException: throttled on every attempt"))))), List.of());

        AlertMessage message = AlertFormatter.formatOrganization(alert);

        assertTrue(message.body().contains("!! Some findings cannot be delivered to Security Hub CSPM this run"),
                message.body());
        assertEquals("DELIVERY PROBLEMS\n"
                + "  Account 444455556666 (Payments): us-west-2 refuses findings (InvalidAccessException: Security Hub"
                + " CSPM is not enabled); its 2 finding(s) go to us-east-1 instead.\n"
                + "  Account 777788889999 (Data): not delivered: bedrock-logging-auditor/aws/777788889999/eu-west-1/x to"
                + " eu-west-1: ThrottlingException: throttled on every attempt\n",
                section(message.body(), "DELIVERY PROBLEMS"));
        assertSubject(message.subject(), "2 of 3 accounts not compliant, delivery failed");
        assertEquals("true", message.attributes().get("deliveryFailed").value());
    }

    @Test
    void withoutDeliveryProblemsThereIsNoSuchSection() {
        AlertMessage message = AlertFormatter.formatOrganization(mixed());

        assertFalse(message.body().contains("DELIVERY PROBLEMS"), message.body());
        assertFalse(message.body().contains("!!"), message.body());
        assertEquals("false", message.attributes().get("deliveryFailed").value());
    }

    @Test
    void theAttributesCountTheAccountsToActOnAndNotAudited() {
        Map<String, AlertMessage.Attribute> attributes = AlertFormatter.formatOrganization(mixed()).attributes();

        assertEquals(new AlertMessage.Attribute("String", CENTRAL), attributes.get("accountId"));
        assertEquals(new AlertMessage.Attribute("String", "aws"), attributes.get("partition"));
        assertEquals(new AlertMessage.Attribute("String", "FAILED"), attributes.get("worstStatus"));
        assertEquals(new AlertMessage.Attribute("Number", "2"), attributes.get("accountsToActOn"));
        assertEquals(new AlertMessage.Attribute("Number", "1"), attributes.get("accountsNotAudited"));
        assertEquals(new AlertMessage.Attribute("Number", "2"), attributes.get("newlyFailing"),
                "Payments' us-west-2 and Data's eu-west-1");
        assertTrue(attributes.size() <= 10, "SNS takes at most 10 attributes");

        Map<String, AlertMessage.Attribute> compliant = AlertFormatter.formatOrganization(alert(List.of(
                part("Management", central(), NONE)), List.of())).attributes();
        assertEquals(new AlertMessage.Attribute("String", "PASSED"), compliant.get("worstStatus"));
        assertEquals(new AlertMessage.Attribute("Number", "0"), compliant.get("accountsToActOn"));
        assertEquals(new AlertMessage.Attribute("Number", "0"), compliant.get("accountsNotAudited"));
    }

    @Test
    void theMessageStaysWithinSnsLimitsFor300AccountsOf32RegionsAllFailingAndSaysWhatWasLeftOut() {
        Map<String, LoggingState> states = new LinkedHashMap<>();
        IntStream.rangeClosed(1, 32).forEach(i -> states.put("ap-southeast-" + i, new LoggingState.Disabled()));
        AuditReport failing = Reports.of(states);
        List<OrganizationAlert.AccountPart> parts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            AuditReport report = Reports.inAccount(String.format("%012d", 100_000_000_000L + i), failing);
            parts.add(part("workload-" + i + "-production-eu", report, firstRun(report), new AlertContext(
                    region -> region, List.of(new Fallback("ap-southeast-1", "us-east-1", 5,
                            "InvalidAccessException: Security Hub CSPM is not enabled")),
                    List.of(new Undelivered("finding-" + i, "ap-southeast-2", "ThrottlingException")))));
        }
        List<UnauditedAccount> unaudited = IntStream.range(0, 20).mapToObj(i -> new UnauditedAccount(
                String.format("%012d", 200_000_000_000L + i), "sandbox-" + i, "AccessDenied: " + "denied ".repeat(20)))
                .toList();

        AlertMessage message = AlertFormatter.formatOrganization(alert(parts, unaudited));
        String body = message.body();

        assertTrue(message.sizeInBytes() <= SNS_MAX_BYTES, "size " + message.sizeInBytes());
        assertSnsSubject(message.subject());
        Matcher leftOut = Pattern.compile("\\.\\.\\. and (\\d+) more account\\(s\\) with changes")
                .matcher(section(body, "WHAT CHANGED SINCE THE LAST ALERT"));
        assertTrue(leftOut.find(), "the accounts whose changes do not fit are counted");
        assertTrue(Integer.parseInt(leftOut.group(1)) > 0, leftOut.group());
        assertTrue(section(body, "NOT COMPLIANT NOW, BY ACCOUNT (300)").contains(" more account(s) (see Security Hub"
                + " CSPM)."), "a cut list says how much was left out");
        for (String title : List.of("ACCOUNTS NOT AUDITED (20)", "WHAT CHANGED SINCE THE LAST ALERT",
                "NOT COMPLIANT NOW, BY ACCOUNT (300)", "HOW TO FIX", "IN SECURITY HUB CSPM", "DELIVERY PROBLEMS")) {
            assertTrue(body.contains("\n" + title + "\n"), "every section still appears: " + title);
        }
        assertEquals("300", message.attributes().get("accountsToActOn").value());
        assertEquals("20", message.attributes().get("accountsNotAudited").value());
    }

    @Test
    void aFirstRunBeforeTheMemberRoleIsDeployedAnywhereStaysWithinSnsLimits() {
        List<UnauditedAccount> unaudited = IntStream.range(0, 1500).mapToObj(i -> {
            String id = String.format("%012d", 200_000_000_000L + i);
            return new UnauditedAccount(id, "workload-" + i, "AccessDenied: User: arn:aws:sts::111122223333:assumed-role/"
                    + "bedrock-logging-auditor/bedrock-logging-auditor is not authorized to perform: sts:AssumeRole on"
                    + " resource: arn:aws:iam::" + id + ":role/bedrock-logging-auditor-member");
        }).toList();
        List<OrganizationAlert.AccountPart> parts = List.of(part("Management", central(), NONE));
        Finding coverage = OrganizationAlerts.coverage(parts, unaudited);

        AlertMessage message = AlertFormatter.formatOrganization(alert(parts, unaudited,
                new Changes(List.of(coverage), List.of(), List.of())));

        assertTrue(message.sizeInBytes() <= SNS_MAX_BYTES, "size " + message.sizeInBytes());
        assertTrue(section(message.body(), "WHAT CHANGED SINCE THE LAST ALERT").contains("  Accounts audited: FAILED:"
                + " 1500 of 1501 accounts in scope could not be audited"), message.body());
        assertTrue(message.body().contains(" more account(s) (see Security Hub CSPM)."), "the list says how many it"
                + " left out");
        assertSubject(message.subject(), "1500 not audited");
    }
}
