package dev.bedrockauditor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.domain.Status;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The report as one JSON document, for pipelines: stable field names, findings sorted by region then control,
 * each with the resources it judges and, when it failed, the commands that fix it.
 */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static String render(AuditReport report) {
        return render(report, Optional.empty());
    }

    /** With what publishing did, when the run published. */
    public static String render(AuditReport report, Optional<PublicationReport> publication) {
        ObjectNode root = JSON.createObjectNode();
        root.put("accountId", report.accountId());
        root.put("partition", report.partition());
        root.put("homeRegion", report.homeRegion());
        root.put("startedAt", report.startedAt().toString());
        root.put("finishedAt", report.finishedAt().toString());
        root.put("regionSource", report.scope().source().name());
        strings(root.putArray("regions"), report.scope().regions());
        ArrayNode findings = root.putArray("findings");
        for (Finding finding : report.findings()) {
            ObjectNode node = findings.addObject();
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
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
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
