package dev.bedrockauditor.cli;

import static dev.bedrockauditor.testing.Reports.fullLogging;
import static dev.bedrockauditor.testing.Reports.logging;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bedrockauditor.controls.MemberAccountsCheck;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.HubProblem;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.OrganizationReport;
import dev.bedrockauditor.domain.OrganizationReport.AccountAudit;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.domain.UnauditedAccount;
import dev.bedrockauditor.testing.DetectionReports;
import dev.bedrockauditor.testing.Reports;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExitStatusTest {

    private static final LoggingState TEXT_ONLY = logging("logs", EnumSet.of(DataType.TEXT));

    private static PublicationReport publication(List<PublicationReport.Undelivered> undelivered,
            PublicationReport.AlertOutcome alert) {
        return new PublicationReport(Map.of("us-east-1", 2), 0, List.of(), undelivered,
                new Changes(List.of(), List.of(), List.of()), alert, List.of());
    }

    @Test
    void zeroOnlyWhenEveryFindingPassed() {
        assertEquals(0, ExitStatus.of(Reports.of(Map.of("us-east-1", fullLogging(), "eu-west-1", fullLogging()))));
    }

    @Test
    void oneWhenAnyControlFailed() {
        assertEquals(1, ExitStatus.of(Reports.of(Map.of("us-east-1", fullLogging(), "eu-west-1", TEXT_ONLY))));
        assertEquals(1, ExitStatus.of(Reports.of(Map.of("us-east-1", fullLogging(),
                "eu-west-1", new LoggingState.Disabled()))));
        assertEquals(1, ExitStatus.of(Reports.of(Map.of("eu-west-1", new LoggingState.Disabled()))),
                "a region without logging fails through its one finding, the enabled control's");
    }

    @Test
    void oneWhenTheOnlyThingToActOnIsAWarning() {
        AuditReport warning = DetectionReports.of(Map.of("us-east-1", fullLogging(), "eu-west-1", fullLogging()),
                Map.of("eu-west-1", "DISABLED"));
        assertEquals(List.of(Status.PASSED, Status.WARNING), warning.findings().stream()
                .filter(f -> f.region().equals("eu-west-1")).map(Finding::status).distinct().toList());

        assertEquals(1, ExitStatus.of(warning), "a disabled detection rule asks for action: not a clean pass");
        assertEquals(0, ExitStatus.of(DetectionReports.of(Map.of("eu-west-1", fullLogging()), Map.of())),
                "detection in place everywhere passes");
        assertEquals(2, ExitStatus.of(DetectionReports.of(Map.of("eu-west-1", fullLogging(),
                "us-west-2", new LoggingState.Unknown("Timeout")), Map.of("eu-west-1", "DISABLED"))),
                "an incomplete audit still outranks a warning");
    }

    @Test
    void twoWhenAnyRegionCouldNotBeCheckedEvenIfOthersFailed() {
        assertEquals(2, ExitStatus.of(Reports.of(Map.of("us-east-1", new LoggingState.Disabled(),
                "eu-west-1", new LoggingState.Unknown("Timeout")))));
    }

    @Test
    void threeWhenPublishingLostAFindingOrTheAlertWhateverTheAudit() {
        AuditReport passing = Reports.of(Map.of("us-east-1", fullLogging()));
        PublicationReport.AlertOutcome sent = new PublicationReport.AlertOutcome.Sent("m-1", "subject");

        assertEquals(0, ExitStatus.of(passing, Optional.of(publication(List.of(), sent))));
        assertEquals(3, ExitStatus.of(passing, Optional.of(publication(
                List.of(new PublicationReport.Undelivered("id", "us-east-1", "ThrottlingException")), sent))));
        assertEquals(3, ExitStatus.of(passing, Optional.of(publication(List.of(),
                new PublicationReport.AlertOutcome.Failed("AuthorizationError")))));
        assertEquals(0, ExitStatus.of(passing, Optional.of(publication(List.of(),
                new PublicationReport.AlertOutcome.NotSent("nothing changed")))));
    }

    private static final PublicationReport.AlertOutcome SENT = new PublicationReport.AlertOutcome.Sent("m-1", "subject");
    private static final UnauditedAccount REFUSED = new UnauditedAccount("555566667777", "Sandbox", "AccessDenied");

    /** An account of an organization run, not published. */
    private static AccountAudit account(String id, Map<String, LoggingState> states) {
        return new AccountAudit("account " + id, Reports.inAccount(id, Reports.of(states)), Optional.empty());
    }

    private static AccountAudit passing(String id) {
        return account(id, Map.of("us-east-1", fullLogging(), "eu-west-1", fullLogging()));
    }

    private static AccountAudit published(AccountAudit audit, PublicationReport publication) {
        return new AccountAudit(audit.name(), audit.report(), Optional.of(publication));
    }

    @Test
    void anOrganizationRunIsZeroOnlyWhenEveryAccountPassedAndEveryAccountWasAudited() {
        OrganizationReport report = Reports.organization(List.of(passing(Reports.ACCOUNT),
                published(passing("444455556666"), publication(List.of(), SENT))), List.of());

        assertEquals(Status.PASSED, report.coverage().status());
        assertEquals(0, ExitStatus.of(report));
    }

    @Test
    void anOrganizationRunIsOneWhenAnyAccountFailedAControl() {
        assertEquals(1, ExitStatus.of(Reports.organization(List.of(passing(Reports.ACCOUNT),
                account("444455556666", Map.of("us-west-2", new LoggingState.Disabled()))), List.of())));
        AuditReport warning = Reports.inAccount("444455556666", DetectionReports.of(Map.of("eu-west-1", fullLogging()),
                Map.of("eu-west-1", "DISABLED")));
        assertEquals(1, ExitStatus.of(Reports.organization(List.of(passing(Reports.ACCOUNT),
                new AccountAudit("Detection", warning, Optional.empty())), List.of())), "a warning asks for action");
    }

    @Test
    void anOrganizationRunIsOneWhenOnlyTheCoverageFindingFailed() {
        OrganizationReport passing = Reports.organization(List.of(passing(Reports.ACCOUNT), passing("444455556666")),
                List.of());
        Finding hubProblem = new MemberAccountsCheck().evaluate("us-east-1", 2, List.of(), List.of(
                HubProblem.refusing("444455556666", Resource.hub("aws", "444455556666", "eu-west-1"),
                        "Security Hub CSPM in eu-west-1 refuses findings")));
        OrganizationReport report = new OrganizationReport(passing.centralAccountId(), passing.partition(),
                passing.homeRegion(), passing.startedAt(), passing.finishedAt(), passing.scope(), passing.audited(),
                List.of(), hubProblem, Optional.empty());

        assertEquals(1, ExitStatus.of(report));
    }

    @Test
    void anOrganizationRunIsTwoWhenAnAccountWasNotAuditedThoughEveryOtherPassed() {
        OrganizationReport report = Reports.organization(List.of(passing(Reports.ACCOUNT)), List.of(REFUSED));

        assertEquals(2, ExitStatus.of(report));
        assertEquals(2, ExitStatus.of(Reports.organization(List.of(account(Reports.ACCOUNT,
                Map.of("us-west-2", new LoggingState.Disabled()))), List.of(REFUSED))), "outranks a failure");
    }

    @Test
    void anOrganizationRunIsTwoWhenAnAuditedAccountCouldNotCheckSomethingWhateverTheOthersFailed() {
        OrganizationReport report = Reports.organization(List.of(
                account(Reports.ACCOUNT, Map.of("us-west-2", new LoggingState.Disabled())),
                account("444455556666", Map.of("us-east-1", fullLogging(), "ap-south-1",
                        new LoggingState.Unknown("AccessDenied"))),
                account("777788889999", Map.of("eu-west-1", TEXT_ONLY))), List.of());

        assertEquals(2, ExitStatus.of(report));
    }

    @Test
    void anOrganizationRunIsThreeWhenAnyPublicationFailedWhateverTheAudit() {
        PublicationReport lost = publication(List.of(new PublicationReport.Undelivered("id", "us-east-1",
                "ThrottlingException")), SENT);
        assertEquals(3, ExitStatus.of(Reports.organization(List.of(passing(Reports.ACCOUNT),
                published(passing("444455556666"), lost)), List.of())));
        assertEquals(3, ExitStatus.of(Reports.organization(List.of(published(passing("444455556666"), lost)),
                List.of(REFUSED))), "outranks an account not audited");

        OrganizationReport passing = Reports.organization(List.of(passing(Reports.ACCOUNT)), List.of());
        OrganizationReport alertFailed = new OrganizationReport(passing.centralAccountId(), passing.partition(),
                passing.homeRegion(), passing.startedAt(), passing.finishedAt(), passing.scope(), passing.audited(),
                List.of(), passing.coverage(), Optional.of(publication(List.of(),
                        new PublicationReport.AlertOutcome.Failed("AuthorizationError"))));
        assertEquals(3, ExitStatus.of(alertFailed), "the coverage finding's publication carries the alert");
    }
}
