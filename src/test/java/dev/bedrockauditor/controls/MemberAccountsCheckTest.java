package dev.bedrockauditor.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.HubProblem;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.domain.UnauditedAccount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The member-accounts finding an organization run keeps in the auditor's own account. */
class MemberAccountsCheckTest {

    private static final MemberAccountsCheck CHECK = new MemberAccountsCheck();
    private static final UnauditedAccount PAYMENTS = new UnauditedAccount("444455556666", "Payments",
            "AccessDenied: sts:AssumeRole on arn:aws:iam::444455556666:role/bedrock-logging-auditor-member was refused");
    private static final UnauditedAccount UNNAMED = new UnauditedAccount("555566667777", "",
            "the account is SUSPENDED in the organization, so no role can be assumed in it");

    @Test
    void passesAsInformationalWhenEveryAccountWasAuditedAndEveryHubTookItsFindings() {
        Finding finding = CHECK.evaluate("us-east-1", 3, List.of(), List.of());

        assertEquals(MemberAccountsCheck.ID, finding.controlId());
        assertEquals("us-east-1", finding.region());
        assertEquals(Status.PASSED, finding.status());
        assertEquals(Severity.INFORMATIONAL, finding.severity());
        assertTrue(finding.detail().startsWith("Every account in scope was audited (3 accounts)"), finding.detail());
        assertEquals(List.of(), finding.resources());
        assertEquals(List.of(), finding.fixes());
        assertTrue(CHECK.evaluate("us-east-1", 1, List.of(), List.of()).detail().contains("(1 account)"));
    }

    @Test
    void failsWithTheControlsSeverityNamingEveryAccountNotAuditedAndWhy() {
        Finding finding = CHECK.evaluate("eu-west-1", 3, List.of(PAYMENTS, UNNAMED), List.of());

        assertEquals(Status.FAILED, finding.status());
        assertEquals(CHECK.control().severity(), finding.severity());
        assertEquals(Severity.HIGH, finding.severity());
        assertTrue(finding.needsAttention());
        assertTrue(finding.detail().startsWith("2 of 5 accounts in scope could not be audited, so Bedrock invocation"
                + " logging there is unknown: "), finding.detail());
        assertTrue(finding.detail().contains("444455556666 (Payments): " + PAYMENTS.reason()), finding.detail());
        assertTrue(finding.detail().contains("555566667777: " + UNNAMED.reason()), "an account without a name is"
                + " named by its id alone: " + finding.detail());
    }

    @Test
    void carriesOneAccountResourcePerAccountNotAuditedInTheFindingsRegion() {
        Finding finding = CHECK.evaluate("eu-west-1", 3, List.of(PAYMENTS, UNNAMED), List.of());

        assertEquals(List.of(new Resource(Resource.Kind.AWS_ACCOUNT, "AWS::::Account:444455556666", "eu-west-1"),
                new Resource(Resource.Kind.AWS_ACCOUNT, "AWS::::Account:555566667777", "eu-west-1")),
                finding.resources());
    }

    @Test
    void hubProblemsAloneFailTooAndAreNamedByAccountWithEachRefusingHubAsAResource() {
        Finding finding = CHECK.evaluate("us-east-1", 2, List.of(), List.of(
                HubProblem.refusing("444455556666 (Payments)", Resource.hub("aws", "444455556666", "ap-south-1"),
                        "Security Hub CSPM in ap-south-1 refuses findings (InvalidAccessException: not subscribed), so"
                                + " its findings go to us-east-1"),
                HubProblem.undelivered("444455556666 (Payments)", Resource.hub("aws", "444455556666", "eu-west-1"),
                        "findings for Security Hub CSPM in eu-west-1 cannot be delivered this run")));

        assertEquals(Status.FAILED, finding.status());
        assertEquals(Severity.HIGH, finding.severity());
        assertTrue(finding.detail().startsWith("1 audited account(s) do not get their findings in every region's"
                + " Security Hub CSPM: 444455556666 (Payments): Security Hub CSPM in ap-south-1 refuses findings"
                + " (InvalidAccessException: not subscribed), so its findings go to us-east-1; findings for Security"
                + " Hub CSPM in eu-west-1 cannot be delivered this run."), finding.detail());
        assertEquals(List.of(
                new Resource(Resource.Kind.SECURITY_HUB, "arn:aws:securityhub:ap-south-1:444455556666:hub/default",
                        "ap-south-1")), finding.resources(), "the hub that refuses findings; not the one that could"
                        + " not take them this run, which the delivery rule alerts already and the next run delivers");
    }

    @Test
    void accountsNotAuditedAndHubProblemsAreBothNamedAccountsFirst() {
        Resource hub = Resource.hub("aws-us-gov", "111122223333", "us-gov-west-1");
        Finding finding = CHECK.evaluate("us-gov-east-1", 1, List.of(PAYMENTS), List.of(
                HubProblem.refusing("111122223333", hub, "Security Hub CSPM in us-gov-west-1 refuses findings (x), so"
                        + " its findings go to us-gov-east-1"),
                HubProblem.undelivered("111122223333", hub, "findings for Security Hub CSPM in us-gov-west-1 cannot be"
                        + " delivered this run")));

        assertTrue(finding.detail().contains("1 of 2 accounts in scope could not be audited"), finding.detail());
        assertTrue(finding.detail().contains("111122223333: Security Hub CSPM in us-gov-west-1 refuses findings (x),"
                + " so its findings go to us-gov-east-1; findings for Security Hub CSPM in us-gov-west-1 cannot be"
                + " delivered this run"), finding.detail());
        assertEquals(List.of(Resource.account("444455556666", "us-gov-east-1"), hub), finding.resources(),
                "one resource per hub, however many problems it has");
        assertEquals("arn:aws-us-gov:securityhub:us-gov-west-1:111122223333:hub/default", hub.arn());
    }

    @Test
    void aHubProblemMustNameAHub() {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> HubProblem.refusing("111122223333",
                        Resource.account("111122223333", "us-east-1"), "refuses findings"));
        assertTrue(refused.getMessage().contains("AWS_ACCOUNT"), refused.getMessage());
    }

    @Test
    void theControlFitsSecurityHubsLimitsAndSharesThePrefix() {
        ControlMetadata control = CHECK.control();

        assertEquals(MemberAccountsCheck.ID, control.id());
        assertTrue(control.id().startsWith("bedrock-invocation-logging-"), control.id());
        assertEquals("ACCOUNTS", control.label());
        // ASFF limits: Title 256, Description 1024, Remediation.Recommendation.Text 512; a longer text is cut.
        assertTrue(control.title().length() <= 256, "title length " + control.title().length());
        assertTrue(control.description().length() <= 1024, "description length " + control.description().length());
        assertTrue(control.remediationText().length() <= 512, "remediation length "
                + control.remediationText().length() + ": Security Hub CSPM would show it cut short");
        assertTrue(control.remediationText().contains("AUDIT_EXCLUDE_ACCOUNTS"), control.remediationText());
    }
}
