package dev.bedrockauditor.testing;

import dev.bedrockauditor.controls.ControlSuite;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.RegionScope;
import dev.bedrockauditor.domain.S3Destination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Audit reports built from region states with the real controls, for unit tests of what consumes them. */
public final class Reports {

    public static final String ACCOUNT = "111122223333";
    public static final Instant STARTED = Instant.parse("2026-11-24T10:00:00Z");
    public static final Instant FINISHED = Instant.parse("2026-11-24T10:00:02Z");

    private Reports() {}

    public static LoggingState logging(String bucket, Set<DataType> types) {
        return new LoggingState.Enabled(new LoggingConfiguration(
                Optional.of(new S3Destination(bucket, "")), Optional.empty(), types));
    }

    public static LoggingState fullLogging() {
        return logging("logs", EnumSet.allOf(DataType.class));
    }

    public static AuditReport of(Map<String, LoggingState> states) {
        return of(states, RegionScope.Source.EXPLICIT, List.of());
    }

    public static AuditReport of(Map<String, LoggingState> states, RegionScope.Source source, List<String> warnings) {
        ControlSuite controls = ControlSuite.standard(EnumSet.allOf(DataType.class));
        TreeMap<String, LoggingState> sorted = new TreeMap<>(states);
        List<Finding> findings = new ArrayList<>();
        sorted.forEach((region, state) -> findings.addAll(controls.evaluate(region, state)));
        return new AuditReport(ACCOUNT, "aws", "us-east-1", STARTED, FINISHED,
                new RegionScope(List.copyOf(sorted.keySet()), source), sorted, findings, warnings);
    }
}
