package dev.bedrockauditor.alert;

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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.config.AlertOn;
import dev.bedrockauditor.config.TopicArn;
import dev.bedrockauditor.controls.MemberAccountsCheck;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.HubProblem;
import dev.bedrockauditor.domain.PublicationReport.AlertOutcome;
import dev.bedrockauditor.domain.PublicationReport.Fallback;
import dev.bedrockauditor.domain.PublicationReport.Undelivered;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.testing.RecordingLog;
import dev.bedrockauditor.testing.Reports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whether an organization run sends its one alert, against a recording {@link AlertSender}. */
class OrganizationAlertingTest {

    private static final TopicArn TOPIC = TopicArn.parse("arn:aws:sns:us-east-1:111122223333:alerts", "test");

    /** Records what it sends; fails every send when told to. */
    private static final class RecordingSender implements AlertSender {
        final List<AlertMessage> sent = new ArrayList<>();
        boolean fails;

        @Override
        public String send(TopicArn topic, AlertMessage message) {
            if (fails) {
                throw new AlertFailedException("AuthorizationError: not allowed to publish", null);
            }
            sent.add(message);
            return "message-" + sent.size();
        }

        @Override
        public void check(TopicArn topic) {}
    }

    private final RecordingSender sender = new RecordingSender();
    private final RecordingLog log = new RecordingLog();

    private AlertOutcome outcome(AlertOn alertOn, OrganizationAlert alert) {
        return new Alerting(sender, Optional.of(TOPIC), alertOn, log).alertOrganization(alert, Optional.empty());
    }

    /** Sent, as the one message recorded, with the subject the formatter gives. */
    private void assertSent(AlertOutcome outcome, OrganizationAlert alert) {
        AlertOutcome.Sent sent = assertInstanceOf(AlertOutcome.Sent.class, outcome, outcome::describe);
        assertEquals(1, sender.sent.size());
        assertEquals("message-1", sent.messageId());
        assertEquals(AlertFormatter.formatOrganization(alert).subject(), sent.subject());
        assertEquals(sent.subject(), sender.sent.get(0).subject());
    }

    private void assertNotSent(AlertOutcome outcome, String reason) {
        assertEquals(new AlertOutcome.NotSent(reason), outcome);
        assertEquals(List.of(), sender.sent);
        assertTrue(outcome.acknowledged(), "staying quiet on purpose acknowledges the run");
    }

    /** Every account audited and compliant, nothing changed. */
    private static OrganizationAlert quiet() {
        return alert(List.of(part("Management", central(), NONE),
                part("Payments", Reports.inAccount(PAYMENTS, central()), NONE)), List.of());
    }

    /** Every account audited and compliant, nothing changed, but one account's findings cannot all be delivered. */
    private static OrganizationAlert undelivered() {
        return alert(List.of(part("Management", central(), NONE), part("Payments", Reports.inAccount(PAYMENTS,
                central()), NONE, new AlertContext(region -> region, List.of(), List.of(new Undelivered("finding-1",
                        "eu-west-1", "ThrottlingException"))))), List.of());
    }

    @Test
    void onChangesNothingIsSentWhenNoAccountAndNotTheCoverageChangedEvenIfSomethingFails() {
        OrganizationAlert failingUnchanged = alert(List.of(part("Payments", payments(), NONE)), List.of(SANDBOX));

        assertNotSent(outcome(AlertOn.CHANGES, failingUnchanged),
                "ALERT_ON is CHANGES and nothing changed in any account");
    }

    @Test
    void onChangesAChangeInAnyOneAccountSendsTheAlert() {
        OrganizationAlert alert = alert(List.of(part("Management", central(), NONE),
                part("Data", data(), firstRun(data()))), List.of());

        assertSent(outcome(AlertOn.CHANGES, alert), alert);
    }

    @Test
    void onChangesAChangeInWhichAccountsWereAuditedSendsTheAlert() {
        Finding coverage = OrganizationAlerts.coverage(List.of(), List.of(SANDBOX));
        OrganizationAlert alert = alert(List.of(part("Management", central(), NONE)), List.of(SANDBOX),
                new Changes(List.of(coverage), List.of(), List.of()));

        assertSent(outcome(AlertOn.CHANGES, alert), alert);
    }

    @ParameterizedTest
    @EnumSource(names = {"CHANGES", "FAILURES"})
    void somethingUndeliveredIsAlwaysSentUnlessNever(AlertOn alertOn) {
        OrganizationAlert alert = undelivered();

        assertSent(outcome(alertOn, alert), alert);
    }

    @Test
    void onFailuresNothingIsSentWhenEveryAccountWasAuditedAndPasses() {
        assertNotSent(outcome(AlertOn.FAILURES, quiet()), "ALERT_ON is FAILURES and nothing failed in any account");
    }

    @Test
    void onFailuresAFindingToActOnInAnyAccountSendsTheAlertWithoutAChange() {
        OrganizationAlert alert = alert(List.of(part("Management", central(), NONE), part("Payments", payments(),
                NONE)), List.of());

        assertSent(outcome(AlertOn.FAILURES, alert), alert);
    }

    @Test
    void onFailuresAnAccountNotAuditedSendsTheAlertThoughEveryAuditedAccountPasses() {
        OrganizationAlert alert = alert(List.of(part("Management", central(), NONE)), List.of(SANDBOX));

        assertSent(outcome(AlertOn.FAILURES, alert), alert);
    }

    @Test
    void onFailuresAFailedCoverageFindingSendsTheAlertThoughEveryAccountPasses() {
        List<OrganizationAlert.AccountPart> parts = List.of(part("Management", central(), NONE),
                part("Payments", Reports.inAccount(PAYMENTS, central()), NONE, new AlertContext(region -> "us-east-1",
                        List.of(new Fallback("eu-west-1", "us-east-1", 5, "InvalidAccessException: not subscribed")),
                        List.of())));
        Finding coverage = new MemberAccountsCheck().evaluate("us-east-1", 2, List.of(), List.of(
                HubProblem.refusing("444455556666 (Payments)", Resource.hub("aws", "444455556666", "eu-west-1"),
                        "Security Hub CSPM in eu-west-1 refuses findings")));
        assertEquals(Status.FAILED, coverage.status());
        OrganizationAlert alert = new OrganizationAlert(Reports.ACCOUNT, "aws", Reports.FINISHED, parts, List.of(),
                coverage, NONE);

        assertSent(outcome(AlertOn.FAILURES, alert), alert);
    }

    @Test
    void alwaysSendsEvenWhenEverythingPassesAndNothingChanged() {
        OrganizationAlert alert = quiet();

        assertSent(outcome(AlertOn.ALWAYS, alert), alert);
    }

    @Test
    void neverSendsNothingEvenWithSomethingUndeliveredOrFailing() {
        assertNotSent(outcome(AlertOn.NEVER, undelivered()), "ALERT_ON is NEVER");
        assertNotSent(outcome(AlertOn.NEVER, mixed()), "ALERT_ON is NEVER");
    }

    @Test
    void withoutATopicNothingIsSentAndTheChangesStayToBeAlerted() {
        AlertOutcome outcome = new Alerting(sender, Optional.empty(), AlertOn.ALWAYS, log)
                .alertOrganization(mixed(), Optional.empty());

        assertEquals(new AlertOutcome.NoTopic(), outcome);
        assertEquals("NOT_SENT: no alert topic is configured (ALERT_TOPIC_ARN or --topic-arn); its changes wait for a"
                + " run that has one", outcome.describe());
        assertFalse(outcome.acknowledged(), "nobody was told");
    }

    @Test
    void aSenderThatFailsMakesTheAlertFailedAndUnacknowledged() {
        sender.fails = true;

        AlertOutcome outcome = outcome(AlertOn.ALWAYS, mixed());

        assertEquals(new AlertOutcome.Failed("AuthorizationError: not allowed to publish"), outcome);
        assertFalse(outcome.acknowledged(), "its changes are alerted again by the next run");
        assertEquals(1, log.warnings().size(), log.warnings().toString());
        assertTrue(log.warnings().get(0).contains(TOPIC.arn()), log.warnings().get(0));
    }

    @Test
    void aTopicFoundBrokenUpFrontFailsWithoutSending() {
        AlertOutcome outcome = new Alerting(sender, Optional.of(TOPIC), AlertOn.ALWAYS, log)
                .alertOrganization(mixed(), Optional.of("the alert topic cannot be used: NotFound"));

        assertEquals(new AlertOutcome.Failed("the alert topic cannot be used: NotFound"), outcome);
        assertEquals(List.of(), sender.sent);
    }
}
