package dev.bedrockauditor.alert;

import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.PublicationReport.Fallback;
import dev.bedrockauditor.domain.PublicationReport.Undelivered;
import dev.bedrockauditor.domain.Status;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Words the run's alert for an email client: what changed, what is not compliant and why, how to fix one
 * region, where to look in Security Hub, and what could not be delivered. Stays within SNS's limits
 * however many regions fail: lists are cut with a count of what was left out.
 */
public final class AlertFormatter {

    /** SNS subjects must be ASCII, one line, and under 100 characters. */
    public static final int MAX_SUBJECT = 99;
    /** SNS takes 256 KB (262,144 bytes) per message; the rest is headroom for attributes and encoding. */
    public static final int MAX_BODY_BYTES = 240 * 1024;

    private static final String NL = "\n";
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    /** What every control id starts with, so one console filter shows them all. */
    static final String CONTROL_ID_PREFIX = "bedrock-invocation-logging-";
    private static final String GUIDE = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html";

    private AlertFormatter() {}

    /**
     * @param findingsRegion the one Security Hub region findings go to, if set; else each region's own
     */
    public static AlertMessage format(
            AuditReport report, Changes changes, List<Fallback> fallbacks, List<Undelivered> undelivered,
            Optional<String> findingsRegion) {
        List<RegionLine> notCompliant = notCompliant(report);
        String subject = subject(report, notCompliant.size(), !undelivered.isEmpty());
        Body body = new Body();
        body.line("Amazon Bedrock model invocation logging audit of account " + report.accountId() + " (partition "
                + report.partition() + "), " + WHEN.format(report.finishedAt()) + ".");
        AuditReport.Summary summary = report.summary();
        body.line(summary.regions() + " region(s) audited: " + (summary.regions() - notCompliant.size())
                + " compliant, " + summary.regionsWithFailures().size() + " with failed controls, "
                + summary.regionsNotChecked().size() + " could not be checked.");
        if (!undelivered.isEmpty()) {
            body.blank();
            body.line("!! " + undelivered.size() + " finding(s) could not be delivered to Security Hub; see DELIVERY"
                    + " PROBLEMS below. The run is marked as failed and will be retried.");
        }

        body.section("WHAT CHANGED SINCE THE LAST RUN");
        if (!changes.any()) {
            body.line("  Nothing.");
        }
        body.findings("  Newly failing:", changes.newlyFailing());
        body.findings("  Newly not checked:", changes.newlyNotAvailable());
        body.findings("  Recovered (now PASSED):", changes.recovered());

        body.section("NOT COMPLIANT NOW (" + notCompliant.size() + ")");
        if (notCompliant.isEmpty()) {
            body.line("  None: every region logs every required data type.");
        }
        body.lines(notCompliant.stream().map(RegionLine::text).toList(), "region(s)");

        fixCommand(report).ifPresent(command -> {
            body.section("HOW TO FIX A REGION");
            body.line("  " + command.explanation());
            body.line("    " + command.command());
            body.line("  The call replaces the region's whole configuration. Guide: " + GUIDE);
        });

        body.section("IN SECURITY HUB");
        String hub = findingsRegion.orElse(report.homeRegion());
        if (findingsRegion.isPresent()) {
            body.line("  All findings are in " + hub + ":");
        } else {
            body.line("  Each region's findings are in that region's Security Hub (and in your aggregation region, if"
                    + " cross-region aggregation is on), e.g. " + hub + ":");
        }
        body.line("  " + consoleUrl(report.partition(), hub));
        body.line("  Filter: Generator ID starts with " + CONTROL_ID_PREFIX + " (one finding per region and control).");

        if (!fallbacks.isEmpty() || !undelivered.isEmpty()) {
            body.section("DELIVERY PROBLEMS");
            for (Fallback fallback : fallbacks) {
                body.line("  " + fallback.fromHub() + " refused " + fallback.findings() + " finding(s) (" + fallback.reason()
                        + "); they were imported into " + fallback.toHub() + " instead.");
            }
            body.lines(undelivered.stream()
                    .map(u -> "  Not delivered: " + u.findingId() + " to " + u.hubRegion() + ": " + u.reason())
                    .toList(), "finding(s)");
        }
        return new AlertMessage(subject, body.text(), attributes(report, changes, undelivered));
    }

    private static String subject(AuditReport report, int notCompliant, boolean deliveryFailed) {
        int regions = report.summary().regions();
        String state = notCompliant == 0
                ? "all " + regions + " regions compliant"
                : notCompliant + " of " + regions + " regions not compliant";
        String subject = "Bedrock invocation logging: " + state + (deliveryFailed ? ", delivery failed" : "")
                + " (" + report.accountId() + ")";
        return asciiLine(subject, MAX_SUBJECT);
    }

    /** Keeps printable ASCII only, on one line, within {@code max} characters. */
    static String asciiLine(String text, int max) {
        String ascii = text.chars()
                .map(c -> c >= 0x20 && c < 0x7f ? c : ' ')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .replaceAll(" +", " ")
                .trim();
        return ascii.length() <= max ? ascii : ascii.substring(0, max - 3) + "...";
    }

    private record RegionLine(String region, Finding worst, String text) {}

    /** One line per region with something to act on, worst first, led by its worst control. */
    private static List<RegionLine> notCompliant(AuditReport report) {
        Map<String, List<Finding>> byRegion = new LinkedHashMap<>();
        report.findings().stream().filter(Finding::needsAttention)
                .forEach(finding -> byRegion.computeIfAbsent(finding.region(), r -> new ArrayList<>()).add(finding));
        Comparator<Finding> worstFirst = Comparator.comparingInt((Finding f) -> f.status().rank())
                .thenComparing(Finding::severity).reversed();
        List<RegionLine> lines = new ArrayList<>();
        byRegion.forEach((region, findings) -> {
            findings.sort(worstFirst);
            Finding worst = findings.get(0);
            String more = findings.size() == 1 ? "" : " (+ " + findings.stream().skip(1)
                    .map(f -> f.control().label() + " " + f.status())
                    .collect(Collectors.joining(", ")) + ")";
            lines.add(new RegionLine(region, worst, String.format("  %-15s %-14s %s: %s%s", region,
                    worst.status(), worst.control().label(), worst.detail(), more)));
        });
        lines.sort(Comparator.comparing(RegionLine::worst, worstFirst).thenComparing(RegionLine::region));
        return lines;
    }

    private record Fix(String explanation, String command) {}

    /** A command for the first region not logging, else for the first one missing data types. */
    private static Optional<Fix> fixCommand(AuditReport report) {
        for (Map.Entry<String, LoggingState> entry : report.states().entrySet()) {
            if (entry.getValue() instanceof LoggingState.Disabled) {
                return Optional.of(new Fix("Turn logging on in " + entry.getKey() + " (replace " + FixCommand.BUCKET_PLACEHOLDER
                        + " with a bucket in that region whose policy lets bedrock.amazonaws.com put objects):",
                        FixCommand.enable(entry.getKey())));
            }
        }
        for (Finding finding : report.findings()) {
            LoggingState state = report.states().get(finding.region());
            if (finding.status() == Status.FAILED && state instanceof LoggingState.Enabled enabled) {
                return Optional.of(new Fix("Deliver every data type in " + finding.region()
                        + ", keeping its destinations:", FixCommand.completeDataTypes(finding.region(),
                        enabled.configuration())));
            }
        }
        return Optional.empty();
    }

    private static String consoleUrl(String partition, String region) {
        String host = switch (partition) {
            case "aws-cn" -> "console.amazonaws.cn";
            case "aws-us-gov" -> "console.amazonaws-us-gov.com";
            default -> "console.aws.amazon.com";
        };
        return "https://" + host + "/securityhub/home?region=" + region + "#/findings";
    }

    private static Map<String, AlertMessage.Attribute> attributes(
            AuditReport report, Changes changes, List<Undelivered> undelivered) {
        Status worst = report.findings().stream()
                .filter(Finding::needsAttention)
                .map(Finding::status)
                .max(Comparator.comparingInt(Status::rank))
                .orElse(Status.PASSED);
        AuditReport.Summary summary = report.summary();
        Map<String, AlertMessage.Attribute> attributes = new LinkedHashMap<>();
        attributes.put("accountId", new AlertMessage.Attribute("String", report.accountId()));
        attributes.put("partition", new AlertMessage.Attribute("String", report.partition()));
        attributes.put("worstStatus", new AlertMessage.Attribute("String", worst.name()));
        attributes.put("failingRegions", number(summary.regionsWithFailures().size()));
        attributes.put("notCheckedRegions", number(summary.regionsNotChecked().size()));
        attributes.put("newlyFailing", number(changes.newlyFailing().size() + changes.newlyNotAvailable().size()));
        attributes.put("recovered", number(changes.recovered().size()));
        attributes.put("deliveryFailed", new AlertMessage.Attribute("String", Boolean.toString(!undelivered.isEmpty())));
        return attributes;
    }

    private static AlertMessage.Attribute number(int value) {
        return new AlertMessage.Attribute("Number", Integer.toString(value));
    }

    /** The body, built line by line within the byte budget; a list that does not fit says how much is left out. */
    private static final class Body {
        private final StringBuilder text = new StringBuilder();
        private int bytes;
        /** Kept free for the section headers and lines that follow a long list. */
        private static final int RESERVE = 16 * 1024;

        void line(String line) {
            text.append(line).append(NL);
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }

        void blank() {
            line("");
        }

        void section(String title) {
            blank();
            line(title);
        }

        void findings(String heading, List<Finding> findings) {
            if (findings.isEmpty()) {
                return;
            }
            line(heading);
            lines(findings.stream()
                    .map(f -> String.format("    %-15s %s %s: %s", f.region(), f.status(), f.control().label(), f.detail()))
                    .toList(), "finding(s)");
        }

        void lines(List<String> lines, String what) {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (bytes + line.getBytes(StandardCharsets.UTF_8).length + 1 > MAX_BODY_BYTES - RESERVE) {
                    line("    ... and " + (lines.size() - i) + " more " + what + " (see Security Hub).");
                    return;
                }
                line(line);
            }
        }

        String text() {
            return text.toString();
        }
    }
}
