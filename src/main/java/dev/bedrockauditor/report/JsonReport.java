package dev.bedrockauditor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Status;
import java.io.UncheckedIOException;
import java.util.List;

/** The report as one JSON document, for pipelines: stable field names, findings sorted by region then control. */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static String render(AuditReport report) {
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
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
