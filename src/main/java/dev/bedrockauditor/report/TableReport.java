package dev.bedrockauditor.report;

import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.OrganizationReport;
import dev.bedrockauditor.domain.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * A table for people: one row per region, worst first, with each control's status and the worst reason. A
 * control with no finding in a region (it needs logging on, and logging is off there) shows "-".
 */
public final class TableReport {

    private TableReport() {}

    public static String render(AuditReport report) {
        // Every control the audit ran, even one no region has a finding of, so the columns are the same each run.
        List<ControlMetadata> controls = report.controls();
        List<RegionRow> rows = RegionRow.of(report.findings());
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("REGION", "STATUS"));
        controls.forEach(control -> header.add(control.label()));
        header.add("DETAIL");
        cells.add(header);
        for (RegionRow row : rows) {
            List<String> line = new ArrayList<>(List.of(row.region(), row.worst().status().name()));
            for (ControlMetadata control : controls) {
                line.add(row.findings().stream()
                        .filter(finding -> finding.control().equals(control))
                        .map(finding -> shortStatus(finding.status()))
                        .findFirst()
                        .orElse("-"));
            }
            line.add(detail(row));
            cells.add(line);
        }
        StringBuilder text = new StringBuilder();
        if (!rows.isEmpty()) {
            appendAligned(text, cells);
        }
        text.append(summaryLine(report)).append(System.lineSeparator());
        return text.toString();
    }

    /**
     * An organization run: each audited account's table under its name, then the accounts that could not be
     * audited and why, then one line of totals.
     */
    public static String renderOrganization(OrganizationReport report) {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        for (OrganizationReport.AccountAudit audit : report.audited()) {
            text.append("== Account ").append(audit.label()).append(nl).append(render(audit.report())).append(nl);
        }
        if (!report.unaudited().isEmpty()) {
            text.append("== Accounts not audited (").append(report.unaudited().size()).append(')').append(nl);
            report.unaudited().forEach(account -> text.append(account.label()).append(": ").append(account.reason())
                    .append(nl));
            text.append(nl);
        }
        long toActOn = report.audited().stream()
                .filter(audit -> audit.report().findings().stream().anyMatch(Finding::needsAttention)).count();
        text.append(report.audited().size() + report.unaudited().size()).append(" account(s) in scope (")
                .append(report.scope()).append("): ").append(report.audited().size()).append(" audited, ")
                .append(toActOn).append(" with something to act on, ").append(report.unaudited().size())
                .append(" not audited.").append(nl);
        return text.toString();
    }

    /**
     * One sentence with the counts a person looks for first; regions whose only finding to act on is a WARNING
     * are counted apart, and only when there are some, so a run without warnings reads as it always has.
     */
    public static String summaryLine(AuditReport report) {
        AuditReport.Summary summary = report.summary();
        int warningsOnly = report.regionsWithWarningsOnly().size();
        return summary.regionCount() + " audited in account " + report.accountId() + " (" + report.partition()
                + "): " + summary.regionsLogging().size() + " logging, " + summary.regionsNotLogging().size()
                + " not logging, " + summary.regionsNotChecked().size() + " not checked; "
                + summary.regionsWithFailures().size() + " with failed controls"
                + (warningsOnly == 0 ? "" : ", " + warningsOnly + " with warnings only") + ".";
    }

    private static String detail(RegionRow row) {
        Finding worst = row.worst();
        long othersToSee = row.findings().stream().skip(1).filter(Finding::needsAttention).count();
        return othersToSee == 0 ? worst.detail() : worst.detail() + " (+" + othersToSee + " more in --output json)";
    }

    private static String shortStatus(Status status) {
        return switch (status) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case WARNING -> "WARN";
            case NOT_AVAILABLE -> "N/A";
        };
    }

    private static void appendAligned(StringBuilder text, List<List<String>> cells) {
        int columns = cells.get(0).size();
        int[] widths = new int[columns];
        for (List<String> line : cells) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : cells) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < columns - 1; i++) {
                out.append(line.get(i)).append(" ".repeat(widths[i] - line.get(i).length() + 2));
            }
            out.append(line.get(columns - 1));
            text.append(out.toString().stripTrailing()).append(System.lineSeparator());
        }
    }
}
