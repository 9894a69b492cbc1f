package dev.bedrockauditor.alert;

import static dev.bedrockauditor.testing.Reports.fullLogging;
import static dev.bedrockauditor.testing.Reports.logging;

import dev.bedrockauditor.controls.MemberAccountsCheck;
import dev.bedrockauditor.domain.AccountLabel;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.UnauditedAccount;
import dev.bedrockauditor.testing.Reports;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Organization alerts for the formatter's and the policy's tests: run from {@link Reports#ACCOUNT}, whose own
 * regions pass; Payments (no logging in us-west-2) and Data (eu-west-1 logs text only) have something to act on;
 * Sandbox could not be entered.
 */
final class OrganizationAlerts {

    static final String CENTRAL = Reports.ACCOUNT;
    static final String PAYMENTS = "444455556666";
    static final String DATA = "777788889999";
    static final Changes NONE = new Changes(List.of(), List.of(), List.of());
    static final UnauditedAccount SANDBOX = new UnauditedAccount("555566667777", "Sandbox",
            "AccessDenied: sts:AssumeRole on arn:aws:iam::555566667777:role/bedrock-logging-auditor-member was refused");

    private OrganizationAlerts() {}

    static AuditReport central() {
        return Reports.of(Map.of("us-east-1", fullLogging(), "eu-west-1", fullLogging()));
    }

    static AuditReport payments() {
        return Reports.inAccount(PAYMENTS, Reports.of(Map.of("us-east-1", fullLogging(),
                "us-west-2", new LoggingState.Disabled())));
    }

    static AuditReport data() {
        return Reports.inAccount(DATA, Reports.of(Map.of("eu-west-1", logging("eu-logs", EnumSet.of(DataType.TEXT)))));
    }

    /** An audited account whose findings all go to their own region's hub. */
    static OrganizationAlert.AccountPart part(String name, AuditReport report, Changes changes) {
        return part(name, report, changes, AlertContext.ownHubs());
    }

    static OrganizationAlert.AccountPart part(String name, AuditReport report, Changes changes, AlertContext context) {
        return new OrganizationAlert.AccountPart(AccountLabel.of(report.accountId(), name), report, changes, context);
    }

    /** What a first run reports as changed: every finding to act on. */
    static Changes firstRun(AuditReport report) {
        return Changes.between(report.findings(), Map.of());
    }

    /** The alert, with the member-accounts finding the real check gives and its change as given. */
    static OrganizationAlert alert(List<OrganizationAlert.AccountPart> parts, List<UnauditedAccount> unaudited,
            Changes coverageChanges) {
        return new OrganizationAlert(CENTRAL, "aws", Reports.FINISHED, parts, unaudited, coverage(parts, unaudited),
                coverageChanges);
    }

    static OrganizationAlert alert(List<OrganizationAlert.AccountPart> parts, List<UnauditedAccount> unaudited) {
        return alert(parts, unaudited, NONE);
    }

    static Finding coverage(List<OrganizationAlert.AccountPart> parts, List<UnauditedAccount> unaudited) {
        return new MemberAccountsCheck().evaluate("us-east-1", parts.size(), unaudited, List.of());
    }

    /** The three audited accounts, each changed as on a first run, and Sandbox not audited. */
    static OrganizationAlert mixed() {
        return alert(List.of(part("Management", central(), NONE), part("Payments", payments(), firstRun(payments())),
                part("Data", data(), firstRun(data()))), List.of(SANDBOX));
    }
}
