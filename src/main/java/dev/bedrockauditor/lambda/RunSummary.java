package dev.bedrockauditor.lambda;

import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.ChangeEvent;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.OrganizationReport;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.changes.ChangeEvents;
import dev.bedrockauditor.changes.ChangeScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The handler's response: small, and plain maps and lists, which the handler writes as a JSON object.
 */
final class RunSummary {

    private RunSummary() {}

    static Map<String, Object> ignored(Trigger trigger) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("outcome", "IGNORED");
        summary.put("trigger", trigger.kind());
        summary.put("reason", trigger.description());
        return summary;
    }

    /** Change events that concern no audited region: nothing was audited or published. */
    static Map<String, Object> nothingConcerned(Trigger trigger, ChangeEvents.Batch batch, ChangeScope.Decision decision) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("outcome", "NOTHING_CONCERNED");
        summary.put("trigger", trigger.kind());
        List<String> setAside = new ArrayList<>(batch.setAside());
        setAside.addAll(decision.setAside());
        summary.put("setAside", setAside);
        return summary;
    }

    /** An organization run: totals, then per account what needs attention, and the accounts not audited. */
    static Map<String, Object> ofOrganization(Trigger trigger, OrganizationReport report) {
        Map<String, Object> summary = new LinkedHashMap<>();
        boolean failed = report.publications().stream().anyMatch(PublicationReport::failed);
        summary.put("outcome", failed ? "DELIVERY_FAILED" : "COMPLETED");
        summary.put("trigger", trigger.kind());
        summary.put("mode", "ORGANIZATION");
        summary.put("centralAccountId", report.centralAccountId());
        summary.put("partition", report.partition());
        summary.put("accountsAudited", report.audited().size());
        Map<String, String> notAudited = new LinkedHashMap<>();
        report.unaudited().forEach(account -> notAudited.put(account.label(), account.reason()));
        summary.put("accountsNotAudited", notAudited);
        Map<String, Object> accounts = new LinkedHashMap<>();
        for (OrganizationReport.AccountAudit audit : report.audited()) {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("regionsAudited", audit.report().summary().regions());
            account.put("regionsNotCompliant", notCompliant(audit.report()));
            account.put("regionsNotChecked", audit.report().summary().regionsNotChecked());
            audit.publication().ifPresent(publication -> {
                account.put("findingsImported", publication.imported());
                account.put("undelivered", publication.undelivered().size());
            });
            accounts.put(audit.label(), account);
        }
        summary.put("accounts", accounts);
        summary.put("alert", report.coveragePublication().map(publication -> publication.alert().describe())
                .orElse("not published"));
        return summary;
    }

    static Map<String, Object> of(Trigger trigger, AuditReport report, PublicationReport publication) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("outcome", publication.failed() ? "DELIVERY_FAILED" : "COMPLETED");
        summary.put("trigger", trigger.kind());
        if (trigger instanceof Trigger.Change change) {
            // The first few calls, and how many there were: a burst may hold hundreds.
            summary.put("changes", change.batch().events().stream().limit(Trigger.NAMED).map(ChangeEvent::describe)
                    .toList());
            summary.put("changeCount", change.batch().events().size());
        }
        summary.put("accountId", report.accountId());
        summary.put("partition", report.partition());
        summary.put("regionsAudited", report.summary().regions());
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (Status status : Status.values()) {
            byStatus.put(status.name(), report.summary().findingsByStatus().get(status));
        }
        summary.put("findingsByStatus", byStatus);
        summary.put("regionsNotCompliant", notCompliant(report));
        summary.put("regionsNotChecked", report.summary().regionsNotChecked());
        summary.put("findingsImported", publication.imported());
        summary.put("findingsArchived", publication.archived());
        summary.put("fallbacks", publication.fallbacks().stream()
                .map(f -> f.fromHub() + " -> " + f.toHub() + " (" + f.findings() + "): " + f.reason())
                .toList());
        summary.put("undelivered", publication.undelivered().stream()
                .map(u -> u.findingId() + " in " + u.hubRegion() + ": " + u.reason())
                .toList());
        summary.put("alert", publication.alert().describe());
        summary.put("warnings", report.warnings());
        return summary;
    }

    private static Map<String, List<String>> notCompliant(AuditReport report) {
        return report.findings().stream()
                .filter(Finding::needsAttention)
                .collect(Collectors.groupingBy(Finding::region, java.util.TreeMap::new,
                        Collectors.mapping(finding -> finding.controlId() + " " + finding.status(), Collectors.toList())));
    }

}
