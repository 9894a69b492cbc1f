package dev.bedrockauditor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bedrockauditor.testing.Reports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AuditReportTest {

    private static AuditReport withFindings(AuditReport report, List<ControlMetadata> controls, List<Finding> findings) {
        return new AuditReport(report.accountId(), report.partition(), report.homeRegion(), report.startedAt(),
                report.finishedAt(), report.scope(), new TreeMap<>(report.states()), new TreeMap<>(report.recording()),
                controls, findings, report.warnings());
    }

    @Test
    void aRegionWithoutLoggingCountsOnlyTheEnabledControlsFinding() {
        AuditReport report = Reports.of(Map.of("us-west-2", new LoggingState.Disabled(),
                "eu-west-1", Reports.fullLogging()));

        AuditReport.Summary summary = report.summary();

        assertEquals(6, report.findings().size());
        assertEquals(5, summary.findingsByStatus().get(Status.PASSED));
        assertEquals(1, summary.findingsByStatus().get(Status.FAILED));
        assertEquals(0, summary.findingsByStatus().get(Status.NOT_AVAILABLE));
        assertEquals(List.of("us-west-2"), summary.regionsNotLogging());
        assertEquals(List.of("us-west-2"), summary.regionsWithFailures());
        assertEquals(5, report.controls().size(), "every control the audit ran, found or not");
    }

    @Test
    void atMostOneFindingPerRegionAndControlOfTheControlsRun() {
        AuditReport report = Reports.of(Map.of("us-west-2", new LoggingState.Disabled()));
        List<Finding> twice = new ArrayList<>(report.findings());
        twice.addAll(report.findings());

        assertThrows(IllegalArgumentException.class, () -> withFindings(report, report.controls(), twice));
        assertThrows(IllegalArgumentException.class, () -> withFindings(report, List.of(), report.findings()));
    }
}
