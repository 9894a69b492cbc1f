package dev.bedrockauditor.lambda;

import static dev.bedrockauditor.testing.Reports.fullLogging;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.OrganizationReport;
import dev.bedrockauditor.domain.OrganizationReport.AccountAudit;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.domain.UnauditedAccount;
import dev.bedrockauditor.testing.Reports;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The function's response to an organization run. */
class RunSummaryTest {

    private static final PublicationReport.AlertOutcome SENT = new PublicationReport.AlertOutcome.Sent("m-1",
            "subject");
    private static final Trigger SCHEDULED = new Trigger.Scheduled("arn:aws:events:us-east-1:111122223333:rule/audit");
    private static final UnauditedAccount SANDBOX = new UnauditedAccount("555566667777", "Sandbox",
            "AccessDenied: sts:AssumeRole was refused");
    private static final AccountAudit CENTRAL = new AccountAudit("Management", Reports.of(Map.of(
            "us-east-1", fullLogging())), Optional.empty());
    private static final AccountAudit PAYMENTS = new AccountAudit("Payments", Reports.inAccount("444455556666",
            Reports.of(Map.of("us-east-1", fullLogging(), "us-west-2", new LoggingState.Disabled(),
                    "ap-south-1", new LoggingState.Unknown("Timeout")))), Optional.empty());

    private static PublicationReport publication(int imported, List<PublicationReport.Undelivered> undelivered,
            PublicationReport.AlertOutcome alert) {
        return new PublicationReport(Map.of("us-east-1", imported), 0, List.of(), undelivered,
                new Changes(List.of(), List.of(), List.of()), alert, List.of());
    }

    private static AccountAudit published(AccountAudit audit, PublicationReport publication) {
        return new AccountAudit(audit.name(), audit.report(), Optional.of(publication));
    }

    private static OrganizationReport withCoveragePublication(OrganizationReport report, PublicationReport published) {
        return new OrganizationReport(report.centralAccountId(), report.partition(), report.homeRegion(),
                report.startedAt(), report.finishedAt(), report.scope(), report.audited(), report.unaudited(),
                report.coverage(), Optional.of(published));
    }

    @Test
    void anOrganizationRunNamesItsModeCentralAccountAndTheAccountsNotAuditedByLabelWithTheirReason() {
        Map<String, Object> summary = RunSummary.ofOrganization(SCHEDULED,
                Reports.organization(List.of(CENTRAL, PAYMENTS), List.of(SANDBOX)));

        assertEquals("COMPLETED", summary.get("outcome"));
        assertEquals("SCHEDULED", summary.get("trigger"));
        assertEquals("ORGANIZATION", summary.get("mode"));
        assertEquals(Reports.ACCOUNT, summary.get("centralAccountId"));
        assertEquals("aws", summary.get("partition"));
        assertEquals(2, summary.get("accountsAudited"));
        assertEquals(Map.of("555566667777 (Sandbox)", "AccessDenied: sts:AssumeRole was refused"),
                summary.get("accountsNotAudited"));
        assertEquals("not published", summary.get("alert"));
    }

    @Test
    void eachAuditedAccountSaysWhichRegionsAreNotCompliantAndWhy() {
        Map<String, Object> summary = RunSummary.ofOrganization(SCHEDULED,
                Reports.organization(List.of(CENTRAL, PAYMENTS), List.of()));

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> accounts = (Map<String, Map<String, Object>>) summary.get("accounts");
        assertEquals(List.of("111122223333 (Management)", "444455556666 (Payments)"), List.copyOf(accounts.keySet()));
        Map<String, Object> central = accounts.get("111122223333 (Management)");
        assertEquals(1, central.get("regionsAudited"));
        assertEquals(Map.of(), central.get("regionsNotCompliant"));
        assertEquals(List.of(), central.get("regionsNotChecked"));
        Map<String, Object> payments = accounts.get("444455556666 (Payments)");
        assertEquals(3, payments.get("regionsAudited"));
        assertEquals(Map.of("us-west-2", List.of("bedrock-invocation-logging-enabled FAILED"),
                "ap-south-1", List.of("bedrock-invocation-logging-enabled NOT_AVAILABLE")),
                payments.get("regionsNotCompliant"));
        assertEquals(List.of("ap-south-1"), payments.get("regionsNotChecked"));
    }

    @Test
    void aPublishedRunSaysWhatEachAccountImportedAndWhatBecameOfTheAlert() {
        PublicationReport sent = publication(4, List.of(), SENT);
        OrganizationReport report = withCoveragePublication(Reports.organization(List.of(published(CENTRAL, sent),
                published(PAYMENTS, publication(9, List.of(), SENT))), List.of()), publication(1, List.of(), SENT));

        Map<String, Object> summary = RunSummary.ofOrganization(SCHEDULED, report);

        assertEquals("COMPLETED", summary.get("outcome"));
        assertEquals("SENT (message m-1)", summary.get("alert"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> accounts = (Map<String, Map<String, Object>>) summary.get("accounts");
        assertEquals(9, accounts.get("444455556666 (Payments)").get("findingsImported"));
        assertEquals(0, accounts.get("444455556666 (Payments)").get("undelivered"));
    }

    @Test
    void anyUndeliveredFindingOrAFailedAlertMakesTheOutcomeDeliveryFailed() {
        PublicationReport sent = publication(4, List.of(), SENT);
        PublicationReport lost = publication(3, List.of(new PublicationReport.Undelivered("id", "us-west-2",
                "ThrottlingException")), SENT);
        OrganizationReport oneLost = withCoveragePublication(Reports.organization(List.of(published(CENTRAL, sent),
                published(PAYMENTS, lost)), List.of()), sent);

        Map<String, Object> summary = RunSummary.ofOrganization(SCHEDULED, oneLost);
        assertEquals("DELIVERY_FAILED", summary.get("outcome"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> accounts = (Map<String, Map<String, Object>>) summary.get("accounts");
        assertEquals(1, accounts.get("444455556666 (Payments)").get("undelivered"));

        PublicationReport alertFailed = publication(1, List.of(),
                new PublicationReport.AlertOutcome.Failed("AuthorizationError"));
        Map<String, Object> failed = RunSummary.ofOrganization(SCHEDULED, withCoveragePublication(
                Reports.organization(List.of(published(CENTRAL, sent)), List.of()), alertFailed));
        assertEquals("DELIVERY_FAILED", failed.get("outcome"));
        assertEquals("FAILED: AuthorizationError", failed.get("alert"));
    }
}
