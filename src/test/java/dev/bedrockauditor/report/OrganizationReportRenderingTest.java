package dev.bedrockauditor.report;

import static dev.bedrockauditor.testing.Reports.fullLogging;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.controls.MemberAccountsCheck;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.OrganizationReport;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.domain.UnauditedAccount;
import dev.bedrockauditor.testing.Reports;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An organization run's report, as a table and as JSON. */
class OrganizationReportRenderingTest {

    private static final String PAYMENTS = "444455556666";
    private static final UnauditedAccount SANDBOX = new UnauditedAccount("555566667777", "Sandbox",
            "AccessDenied: sts:AssumeRole was refused");
    private static final PublicationReport PUBLISHED = new PublicationReport(Map.of("us-east-1", 3), 0, List.of(),
            List.of(), new Changes(List.of(), List.of(), List.of()),
            new PublicationReport.AlertOutcome.Sent("message-1", "subject"), List.of());

    /** The auditor's own account passes in two regions; Payments does not log in us-west-2; Sandbox was refused. */
    private static OrganizationReport report() {
        AuditReport central = Reports.of(Map.of("us-east-1", fullLogging(), "eu-west-1", fullLogging()));
        AuditReport payments = Reports.inAccount(PAYMENTS, Reports.of(Map.of("us-east-1", fullLogging(),
                "us-west-2", new LoggingState.Disabled(), "ap-south-1", new LoggingState.Unknown("Timeout"))));
        return Reports.organization(List.of(new OrganizationReport.AccountAudit("Management", central,
                Optional.empty()), new OrganizationReport.AccountAudit("Payments", payments, Optional.of(PUBLISHED))),
                List.of(SANDBOX));
    }

    private static JsonNode json(OrganizationReport report) throws Exception {
        return new ObjectMapper().readTree(JsonReport.renderOrganization(report));
    }

    @Test
    void jsonNamesTheRunItsCentralAccountAndScope() throws Exception {
        JsonNode json = json(report());

        assertEquals("ORGANIZATION", json.get("mode").asText());
        assertEquals(Reports.ACCOUNT, json.get("centralAccountId").asText());
        assertEquals("aws", json.get("partition").asText());
        assertEquals("us-east-1", json.get("homeRegion").asText());
        assertEquals("2026-11-24T10:00:00Z", json.get("startedAt").asText());
        assertEquals("2026-11-24T10:00:02Z", json.get("finishedAt").asText());
        assertEquals("every account of the organization", json.get("accountScope").asText());
    }

    @Test
    void everyJsonFindingCarriesTheAccountItIsAbout() throws Exception {
        OrganizationReport report = report();
        JsonNode findings = json(report).get("findings");

        int central = report.audited().get(0).report().findings().size();
        int payments = report.audited().get(1).report().findings().size();
        assertEquals(central + payments + 1, findings.size(), "each account's findings, then the member-accounts one");
        for (int i = 0; i < central; i++) {
            assertEquals(Reports.ACCOUNT, findings.get(i).get("accountId").asText(), findings.get(i).toString());
        }
        for (int i = central; i < central + payments; i++) {
            assertEquals(PAYMENTS, findings.get(i).get("accountId").asText(), findings.get(i).toString());
            assertFalse(findings.get(i).get("controlId").asText().equals(MemberAccountsCheck.ID));
        }
        JsonNode coverage = findings.get(findings.size() - 1);
        assertEquals(MemberAccountsCheck.ID, coverage.get("controlId").asText());
        assertEquals(Reports.ACCOUNT, coverage.get("accountId").asText(), "kept in the auditor's own account");
        assertEquals("us-east-1", coverage.get("region").asText());
        assertEquals("FAILED", coverage.get("status").asText());
        assertEquals("HIGH", coverage.get("severity").asText());
        assertEquals("AWS_ACCOUNT", coverage.get("resources").get(0).get("kind").asText());
        assertEquals("AWS::::Account:555566667777", coverage.get("resources").get(0).get("arn").asText());
    }

    @Test
    void jsonListsTheAccountsNotAuditedWithIdNameAndReason() throws Exception {
        JsonNode notAudited = json(report()).get("accountsNotAudited");

        assertEquals(1, notAudited.size());
        assertEquals("555566667777", notAudited.get(0).get("accountId").asText());
        assertEquals("Sandbox", notAudited.get(0).get("name").asText());
        assertEquals("AccessDenied: sts:AssumeRole was refused", notAudited.get(0).get("reason").asText());
    }

    @Test
    void jsonHoldsEachAuditedAccountsSummaryWithoutRepeatingItsFindings() throws Exception {
        JsonNode accounts = json(report()).get("accounts");

        assertEquals(2, accounts.size());
        JsonNode central = accounts.get(0);
        assertEquals("Management", central.get("name").asText());
        assertEquals(Reports.ACCOUNT, central.get("accountId").asText());
        assertEquals(2, central.get("summary").get("regions").asInt());
        assertFalse(central.has("findings"), "the findings are listed once, at the top: " + central);
        assertFalse(central.has("publication"), "not published: " + central);
        JsonNode payments = accounts.get(1);
        assertEquals("Payments", payments.get("name").asText());
        assertEquals(PAYMENTS, payments.get("accountId").asText());
        assertFalse(payments.has("findings"), payments.toString());
        assertEquals(3, payments.get("summary").get("regions").asInt());
        assertEquals("[\"us-west-2\"]", payments.get("summary").get("regionsNotLogging").toString());
        assertEquals("[\"ap-south-1\"]", payments.get("summary").get("regionsNotChecked").toString());
        assertEquals("[\"ap-south-1\",\"us-east-1\",\"us-west-2\"]", payments.get("regions").toString());
        assertEquals(3, payments.get("publication").get("imported").asInt());
        assertEquals("SENT", payments.get("publication").get("alert").get("status").asText());
    }

    @Test
    void jsonSummaryCountsAddUp() throws Exception {
        OrganizationReport report = report();
        JsonNode json = json(report);
        JsonNode summary = json.get("summary");

        assertEquals(2, summary.get("accountsAudited").asInt());
        assertEquals(1, summary.get("accountsNotAudited").asInt());
        assertEquals(5, summary.get("regionsAudited").asInt());
        Map<Status, Integer> counted = new EnumMap<>(Status.class);
        json.get("findings").forEach(f -> counted.merge(Status.valueOf(f.get("status").asText()), 1, Integer::sum));
        int total = 0;
        for (Status status : Status.values()) {
            int byStatus = summary.get("findingsByStatus").get(status.name()).asInt();
            assertEquals(counted.getOrDefault(status, 0), byStatus, status.name());
            total += byStatus;
        }
        assertEquals(json.get("findings").size(), total);
        assertEquals(2, summary.get("findingsByStatus").get("FAILED").asInt(), "Payments' us-west-2 logging and the"
                + " member-accounts finding: " + summary);
    }

    @Test
    void jsonHasTheCoveragePublicationOnlyWhenPublished() throws Exception {
        OrganizationReport report = report();
        assertFalse(json(report).has("coveragePublication"));

        OrganizationReport published = new OrganizationReport(report.centralAccountId(), report.partition(),
                report.homeRegion(), report.startedAt(), report.finishedAt(), report.scope(), report.audited(),
                report.unaudited(), report.coverage(), Optional.of(PUBLISHED));
        JsonNode coverage = json(published).get("coveragePublication");
        assertEquals(3, coverage.get("imported").asInt());
        assertEquals("message-1", coverage.get("alert").get("messageId").asText());
    }

    @Test
    void tableHasASectionPerAccountHeadedByItsLabelThenTheAccountsNotAuditedThenTotals() {
        List<String> lines = TableReport.renderOrganization(report()).lines().toList();

        int central = lines.indexOf("== Account 111122223333 (Management)");
        int payments = lines.indexOf("== Account 444455556666 (Payments)");
        int notAudited = lines.indexOf("== Accounts not audited (1)");
        assertEquals(0, central, String.join("\n", lines));
        assertTrue(payments > central && notAudited > payments, String.join("\n", lines));
        assertTrue(lines.get(central + 1).startsWith("REGION"), lines.get(central + 1));
        assertTrue(lines.subList(central, payments).contains("2 regions audited in account 111122223333 (aws):"
                + " 2 logging, 0 not logging, 0 not checked; 0 with failed controls."), String.join("\n", lines));
        List<String> paymentsRows = lines.subList(payments, notAudited);
        assertTrue(paymentsRows.stream().anyMatch(line -> line.matches("us-west-2\\s+FAILED\\s+FAIL.*")),
                String.join("\n", paymentsRows));
        assertTrue(paymentsRows.contains("3 regions audited in account 444455556666 (aws): 1 logging, 1 not logging,"
                + " 1 not checked; 1 with failed controls."), String.join("\n", paymentsRows));
        assertEquals("555566667777 (Sandbox): AccessDenied: sts:AssumeRole was refused", lines.get(notAudited + 1));
        assertEquals("3 account(s) in scope (every account of the organization): 2 audited, 1 with something to act"
                + " on, 1 not audited.", lines.get(lines.size() - 1));
    }

    @Test
    void tableLeavesOutTheNotAuditedSectionWhenEveryAccountWasAudited() {
        OrganizationReport report = report();
        String table = TableReport.renderOrganization(Reports.organization(report.audited(), List.of()));

        assertFalse(table.contains("not audited ("), table);
        assertTrue(table.endsWith("2 account(s) in scope (every account of the organization): 2 audited, 1 with"
                + " something to act on, 0 not audited." + System.lineSeparator()), table);
    }
}
