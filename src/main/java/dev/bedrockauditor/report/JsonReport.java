package dev.bedrockauditor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.OrganizationReport;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.domain.Status;
import java.util.List;
import java.util.Optional;

/**
 * The report as one JSON document, for pipelines: stable field names, findings sorted by region then control,
 * each with its account, the resources it judges and, when it failed, the commands that fix it.
 */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReport() {}

    public static String render(AuditReport report) {
        return render(report, Optional.empty());
    }

    /** With what publishing did, when the run published. */
    public static String render(AuditReport report, Optional<PublicationReport> publication) {
        ObjectNode root = JSON.createObjectNode();
        account(root, report, publication);
        return PrettyJson.text(root);
    }

    /**
     * An organization run: every finding of every account (each with its accountId) and the member-accounts
     * finding, the accounts that could not be audited with their reason, and each audited account's report.
     */
    public static String renderOrganization(OrganizationReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", "ORGANIZATION");
        root.put("centralAccountId", report.centralAccountId());
        root.put("partition", report.partition());
        root.put("homeRegion", report.homeRegion());
        root.put("startedAt", report.startedAt().toString());
        root.put("finishedAt", report.finishedAt().toString());
        root.put("accountScope", report.scope());
        ArrayNode findings = root.putArray("findings");
        for (OrganizationReport.AccountAudit audit : report.audited()) {
            audit.report().findings().forEach(finding -> finding(findings.addObject(), audit.report().accountId(),
                    finding));
        }
        finding(findings.addObject(), report.centralAccountId(), report.coverage());
        ArrayNode notAudited = root.putArray("accountsNotAudited");
        report.unaudited().forEach(account -> notAudited.addObject().put("accountId", account.id())
                .put("name", account.name()).put("reason", account.reason()));
        ArrayNode accounts = root.putArray("accounts");
        for (OrganizationReport.AccountAudit audit : report.audited()) {
            ObjectNode node = accounts.addObject();
            node.put("name", audit.name());
            account(node, audit.report(), audit.publication());
            node.remove("findings");
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("accountsAudited", report.audited().size());
        summary.put("accountsNotAudited", report.unaudited().size());
        summary.put("regionsAudited", report.audited().stream().mapToInt(a -> a.report().summary().regions()).sum());
        ObjectNode byStatus = summary.putObject("findingsByStatus");
        for (Status status : Status.values()) {
            byStatus.put(status.name(), report.audited().stream()
                    .mapToInt(a -> a.report().summary().findingsByStatus().get(status)).sum()
                    + (report.coverage().status() == status ? 1 : 0));
        }
        report.coveragePublication().ifPresent(published -> publication(root.putObject("coveragePublication"),
                published));
        return PrettyJson.text(root);
    }

    /** One account's report, its findings each with the accountId. */
    private static void account(ObjectNode root, AuditReport report, Optional<PublicationReport> publication) {
        root.put("accountId", report.accountId());
        root.put("partition", report.partition());
        root.put("homeRegion", report.homeRegion());
        root.put("startedAt", report.startedAt().toString());
        root.put("finishedAt", report.finishedAt().toString());
        root.put("regionSource", report.scope().source().name());
        strings(root.putArray("regions"), report.scope().regions());
        ArrayNode findings = root.putArray("findings");
        report.findings().forEach(finding -> finding(findings.addObject(), report.accountId(), finding));
        AuditReport.Summary summary = report.summary();
        ObjectNode summaryNode = root.putObject("summary");
        summaryNode.put("regions", summary.regions());
        ObjectNode byStatus = summaryNode.putObject("findingsByStatus");
        for (Status status : Status.values()) {
            byStatus.put(status.name(), summary.findingsByStatus().get(status));
        }
        strings(summaryNode.putArray("regionsLogging"), summary.regionsLogging());
        strings(summaryNode.putArray("regionsNotLogging"), summary.regionsNotLogging());
        strings(summaryNode.putArray("regionsNotChecked"), summary.regionsNotChecked());
        strings(summaryNode.putArray("regionsWithFailures"), summary.regionsWithFailures());
        strings(root.putArray("warnings"), report.warnings());
        publication.ifPresent(published -> publication(root.putObject("publication"), published));
    }

    private static void finding(ObjectNode node, String accountId, Finding finding) {
        node.put("accountId", accountId);
        node.put("controlId", finding.controlId());
        node.put("region", finding.region());
        node.put("status", finding.status().name());
        node.put("severity", finding.severity().name());
        node.put("title", finding.title());
        node.put("detail", finding.detail());
        ArrayNode resources = node.putArray("resources");
        finding.resources().forEach(resource -> resources.addObject().put("kind", resource.kind().name())
                .put("arn", resource.arn()).put("region", resource.region()));
        ArrayNode fixes = node.putArray("fixes");
        for (Fix fix : finding.fixes()) {
            ObjectNode fixNode = fixes.addObject().put("summary", fix.summary()).put("stage", fix.stage().name());
            strings(fixNode.putArray("commands"), fix.commands());
        }
    }

    private static void publication(ObjectNode node, PublicationReport publication) {
        node.put("failed", publication.failed());
        node.put("imported", publication.imported());
        ObjectNode byHub = node.putObject("importedByHub");
        publication.importedByHub().forEach(byHub::put);
        node.put("archived", publication.archived());
        ArrayNode fallbacks = node.putArray("fallbacks");
        for (PublicationReport.Fallback fallback : publication.fallbacks()) {
            fallbacks.addObject().put("fromHub", fallback.fromHub()).put("toHub", fallback.toHub())
                    .put("findings", fallback.findings()).put("reason", fallback.reason());
        }
        ArrayNode undelivered = node.putArray("undelivered");
        for (PublicationReport.Undelivered lost : publication.undelivered()) {
            undelivered.addObject().put("findingId", lost.findingId()).put("hubRegion", lost.hubRegion())
                    .put("reason", lost.reason());
        }
        ObjectNode changes = node.putObject("changes");
        keys(changes.putArray("newlyFailing"), publication.changes().newlyFailing());
        keys(changes.putArray("newlyNotAvailable"), publication.changes().newlyNotAvailable());
        keys(changes.putArray("recovered"), publication.changes().recovered());
        ObjectNode alert = node.putObject("alert");
        publication.alert().fields().forEach(alert::put);
        strings(node.putArray("warnings"), publication.warnings());
    }

    private static void keys(ArrayNode array, List<Finding> findings) {
        findings.forEach(finding -> array.addObject().put("region", finding.region())
                .put("controlId", finding.controlId()).put("status", finding.status().name()));
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
