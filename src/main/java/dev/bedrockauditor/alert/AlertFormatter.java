package dev.bedrockauditor.alert;

import dev.bedrockauditor.domain.Acknowledged;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.PublicationReport.Fallback;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.report.RegionRow;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Words the run's alert for an email client: what changed, what is not compliant and why, the commands that
 * fix each failing region, where the findings are in Security Hub, and what cannot be delivered. Stays within
 * SNS's limits however many regions fail: lists are cut with a count of what was left out.
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
    /** Console links listed before the rest are counted. */
    private static final int MAX_HUB_LINKS = 5;
    /** The member-accounts finding's change, in characters: its detail may name thousands of accounts. */
    private static final int MAX_COVERAGE_LINE = 1000;

    private AlertFormatter() {}

    public static AlertMessage format(AuditReport report, Changes changes, AlertContext context) {
        List<RegionRow> notCompliant = notCompliant(report);
        String subject = subject(report, notCompliant.size(), !context.undelivered().isEmpty());
        Body body = new Body();
        body.line("Amazon Bedrock model invocation logging audit of account " + report.accountId() + " (partition "
                + report.partition() + "), " + WHEN.format(report.finishedAt()) + ".");
        AuditReport.Summary summary = report.summary();
        int warningsOnly = report.regionsWithWarningsOnly().size();
        body.line(summary.regionCount() + " audited: " + (summary.regions() - notCompliant.size())
                + " compliant, " + summary.regionsWithFailures().size() + " with failed controls, "
                + (warningsOnly == 0 ? "" : warningsOnly + " with warnings only, ")
                + summary.regionsNotChecked().size() + " could not be checked.");
        if (!context.undelivered().isEmpty()) {
            body.blank();
            body.line("!! " + context.undelivered().size() + " finding(s) cannot be delivered to Security Hub CSPM this run;"
                    + " see DELIVERY PROBLEMS below. The run is marked as failed and will be retried.");
        }

        if (!context.causes().isEmpty()) {
            body.section("WHAT TRIGGERED THIS AUDIT");
            body.line("  Management calls CloudTrail reported; the regions they concern were audited at once:");
            body.lines(context.causes().stream().map(event -> "  " + event.describe()).toList(), "call(s)");
        }

        body.section("WHAT CHANGED SINCE THE LAST ALERT");
        if (!changes.any()) {
            body.line("  Nothing.");
        }
        body.changes("  ", changes);

        body.section("NOT COMPLIANT NOW (" + notCompliant.size() + ")");
        if (notCompliant.isEmpty()) {
            body.line("  None: every region records every required data type to working, protected destinations.");
        }
        body.lines(notCompliant.stream().map(AlertFormatter::line).toList(), "region(s)");

        List<List<String>> fixes = fixBlocks(report, notCompliant);
        if (!fixes.isEmpty()) {
            body.section("HOW TO FIX");
            body.line("  Run each region's commands in order, in one bash shell, with AWS CLI v1 or v2 (for v2, set"
                    + " AWS_PAGER= so it does not pause) and credentials of account " + report.accountId()
                    + " allowed to change these settings. Guide: " + GUIDE);
            body.blocks(fixes, "region(s) to fix (each finding in Security Hub CSPM carries its remediation)");
        }

        body.section("IN SECURITY HUB CSPM");
        body.lines(hubLinks(report, changes, notCompliant, context), "hub(s)");
        body.line("  Filter: Generator ID starts with " + CONTROL_ID_PREFIX + " (one finding per region and control"
                + " that applies).");

        if (!context.fallbacks().isEmpty() || !context.undelivered().isEmpty()) {
            body.section("DELIVERY PROBLEMS");
            for (Fallback fallback : context.fallbacks()) {
                body.line("  " + fallback.fromHub() + " refuses findings (" + fallback.reason() + "); its "
                        + fallback.findings() + " finding(s) go to " + fallback.toHub() + " instead.");
            }
            body.lines(context.undelivered().stream()
                    .map(u -> "  Not delivered: " + u.findingId() + " to " + u.hubRegion() + ": " + u.reason())
                    .toList(), "finding(s)");
        }
        return new AlertMessage(subject, body.text(), attributes(report, changes, !context.undelivered().isEmpty()));
    }

    /**
     * An organization run's one alert: a summary by account, then by region within each account, then the fixes;
     * the full detail stays in each account's Security Hub CSPM and in the run's report.
     */
    public static AlertMessage formatOrganization(OrganizationAlert alert) {
        List<OrganizationAlert.AccountPart> attention = alert.accounts().stream()
                .filter(part -> !notCompliant(part.report()).isEmpty()).toList();
        int accounts = alert.accounts().size() + alert.unaudited().size();
        boolean deliveryFailed = alert.anyUndelivered();
        Body body = new Body();
        body.line("Amazon Bedrock model invocation logging audit of " + accounts + " account(s) of the organization,"
                + " run from account " + alert.centralAccountId() + " (partition " + alert.partition() + "), "
                + WHEN.format(alert.finishedAt()) + ".");
        int regions = alert.accounts().stream().mapToInt(part -> part.report().summary().regions()).sum();
        body.line(alert.accounts().size() + " account(s) audited (" + regions + " regions in all): "
                + (alert.accounts().size() - attention.size()) + " compliant, " + attention.size()
                + " with something to act on; " + alert.unaudited().size() + " could not be audited.");
        if (deliveryFailed) {
            body.blank();
            body.line("!! Some findings cannot be delivered to Security Hub CSPM this run; see DELIVERY PROBLEMS below."
                    + " The run is marked as failed and will be retried.");
        }

        if (!alert.unaudited().isEmpty()) {
            body.section("ACCOUNTS NOT AUDITED (" + alert.unaudited().size() + ")");
            body.line("  Nothing is known about Bedrock logging in these accounts:");
            body.lines(alert.unaudited().stream().map(account -> "  " + account.label() + ": " + account.reason())
                    .toList(), "account(s)");
        }

        body.section("WHAT CHANGED SINCE THE LAST ALERT");
        if (!alert.anyChange()) {
            body.line("  Nothing.");
        }
        if (alert.coverageChanges().any()) {
            // Its detail names every account not audited, listed (within the budget) in their own section.
            body.line(cut("  Accounts audited: " + alert.coverage().status() + ": " + alert.coverage().detail(),
                    MAX_COVERAGE_LINE));
            alert.coverageSubjectsBefore().ifPresent(before -> cameAndWent(alert, before, body));
        }
        List<OrganizationAlert.AccountPart> changed = alert.accounts().stream()
                .filter(part -> part.changes().any()).toList();
        for (int i = 0; i < changed.size(); i++) {
            OrganizationAlert.AccountPart part = changed.get(i);
            Changes changes = part.changes();
            if (body.spent()) {
                body.line("    ... and " + (changed.size() - i) + " more account(s) with changes (see Security Hub"
                        + " CSPM).");
                break;
            }
            body.line("  Account " + part.label() + ":");
            body.changes("    ", changes);
        }

        body.section("NOT COMPLIANT NOW, BY ACCOUNT (" + attention.size() + ")");
        if (attention.isEmpty()) {
            body.line("  None of the accounts audited: every region records every required data type to working,"
                    + " protected destinations.");
        }
        body.blocks(attention.stream().map(part -> {
            List<String> block = new ArrayList<>();
            block.add("  Account " + part.label() + ":");
            notCompliant(part.report()).forEach(row -> block.add("  " + line(row)));
            return block;
        }).toList(), "account(s)");

        List<List<String>> fixes = new ArrayList<>();
        for (OrganizationAlert.AccountPart part : attention) {
            List<List<String>> blocks = fixBlocks(part.report(), notCompliant(part.report()));
            if (!blocks.isEmpty()) {
                fixes.add(List.of("  Account " + part.label() + ", with credentials of account "
                        + part.report().accountId() + ":"));
                fixes.addAll(blocks);
            }
        }
        if (!fixes.isEmpty()) {
            body.section("HOW TO FIX");
            body.line("  Run each region's commands in order, in one bash shell, with AWS CLI v1 or v2 (for v2, set"
                    + " AWS_PAGER= so it does not pause) and credentials of the account named above them, allowed to"
                    + " change these settings. Guide: " + GUIDE);
            body.blocks(fixes, "fix block(s), each finding in its account's Security Hub CSPM carrying its remediation");
        }

        body.section("IN SECURITY HUB CSPM");
        body.line("  Each account's findings are in that account's own Security Hub CSPM, in each region's hub (or"
                + " the findings region); filter: Generator ID starts with " + CONTROL_ID_PREFIX + ".");
        body.line("  Which accounts could not be audited: finding " + alert.coverage().controlId() + " of account "
                + alert.centralAccountId() + " in " + alert.coverage().region() + ": "
                + consoleUrl(alert.partition(), alert.coverage().region()));

        List<String> problems = new ArrayList<>();
        for (OrganizationAlert.AccountPart part : alert.accounts()) {
            for (Fallback fallback : part.context().fallbacks()) {
                problems.add("  Account " + part.label() + ": " + fallback.fromHub() + " refuses findings ("
                        + fallback.reason() + "); its " + fallback.findings() + " finding(s) go to " + fallback.toHub()
                        + " instead.");
            }
            part.context().undelivered().forEach(u -> problems.add("  Account " + part.label() + ": not delivered: "
                    + u.findingId() + " to " + u.hubRegion() + ": " + u.reason()));
        }
        if (!problems.isEmpty()) {
            body.section("DELIVERY PROBLEMS");
            body.lines(problems, "problem(s)");
        }

        String state = attention.isEmpty() && alert.unaudited().isEmpty()
                ? "all " + accounts + " accounts compliant"
                : attention.size() + " of " + accounts + " accounts not compliant"
                        + (alert.unaudited().isEmpty() ? "" : ", " + alert.unaudited().size() + " not audited");
        // The organization first, so that a long count is what gets cut, never whose alert this is.
        String subject = asciiLine("Bedrock logging: org " + alert.centralAccountId() + ": " + state
                + (deliveryFailed ? ", delivery failed" : ""), MAX_SUBJECT);
        return new AlertMessage(subject, body.text(), organizationAttributes(alert, attention.size(), deliveryFailed));
    }

    private static Map<String, AlertMessage.Attribute> organizationAttributes(OrganizationAlert alert,
            int accountsToActOn, boolean deliveryFailed) {
        Status worst = Stream.concat(alert.accounts().stream().flatMap(part -> part.report().findings().stream()),
                        Stream.of(alert.coverage()))
                .filter(Finding::needsAttention)
                .map(Finding::status)
                .max(Comparator.comparingInt(Status::rank))
                .orElse(Status.PASSED);
        int newlyFailing = alert.coverageChanges().newlyFailing().size() + alert.accounts().stream()
                .mapToInt(part -> part.changes().newlyFailing().size() + part.changes().newlyNotAvailable().size())
                .sum();
        int recovered = alert.coverageChanges().recovered().size()
                + alert.accounts().stream().mapToInt(part -> part.changes().recovered().size()).sum();
        Map<String, AlertMessage.Attribute> attributes = new LinkedHashMap<>();
        attributes.put("accountId", new AlertMessage.Attribute("String", alert.centralAccountId()));
        attributes.put("partition", new AlertMessage.Attribute("String", alert.partition()));
        attributes.put("worstStatus", new AlertMessage.Attribute("String", worst.name()));
        attributes.put("accountsToActOn", number(accountsToActOn));
        attributes.put("accountsNotAudited", number(alert.unaudited().size()));
        attributes.put("newlyFailing", number(newlyFailing));
        attributes.put("recovered", number(recovered));
        attributes.put("deliveryFailed", new AlertMessage.Attribute("String", Boolean.toString(deliveryFailed)));
        return attributes;
    }

    private static String subject(AuditReport report, int notCompliant, boolean deliveryFailed) {
        int regions = report.summary().regions();
        String state;
        if (notCompliant == 0) {
            state = regions == 1 ? "the 1 region audited is compliant" : "all " + regions + " regions compliant";
        } else {
            state = regions == 1 ? "the 1 region audited is not compliant"
                    : notCompliant + " of " + regions + " regions not compliant";
        }
        String subject = "Bedrock invocation logging: " + state + (deliveryFailed ? ", delivery failed" : "")
                + " (" + report.accountId() + ")";
        return asciiLine(subject, MAX_SUBJECT);
    }

    /** Which accounts and hubs the member-accounts finding names now and did not before, and the reverse. */
    private static void cameAndWent(OrganizationAlert alert, Set<String> before, Body body) {
        List<String> now = Acknowledged.subjectIds(alert.coverage());
        List<String> came = now.stream().filter(id -> !before.contains(id)).toList();
        List<String> went = before.stream().filter(id -> !now.contains(id)).sorted().toList();
        if (!came.isEmpty()) {
            body.line(cut("    Newly named: " + came.stream().map(id -> subject(alert, id))
                    .collect(Collectors.joining("; ")), MAX_COVERAGE_LINE));
        }
        if (!went.isEmpty()) {
            body.line(cut("    No longer named: " + went.stream().map(id -> subject(alert, id))
                    .collect(Collectors.joining("; ")), MAX_COVERAGE_LINE));
        }
    }

    /** "account 111122223333 (Payments)", or "111122223333 (Payments)'s Security Hub CSPM in us-west-2". */
    private static String subject(OrganizationAlert alert, String id) {
        String[] hub = id.split(":");
        boolean isAccount = id.startsWith(Resource.ACCOUNT_ID_PREFIX);
        String account = isAccount ? id.substring(Resource.ACCOUNT_ID_PREFIX.length()) : hub[4];
        String label = Stream.concat(alert.unaudited().stream().filter(unaudited -> unaudited.id().equals(account))
                        .map(unaudited -> unaudited.label()),
                alert.accounts().stream().map(OrganizationAlert.AccountPart::label)
                        .filter(part -> part.startsWith(account)))
                .findFirst().orElse(account);
        return isAccount ? "account " + label : label + "'s Security Hub CSPM in " + hub[3];
    }

    /** The text, or its start ending in "..." within {@code max} characters. */
    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /** Keeps printable ASCII only, on one line, within {@code max} characters. */
    static String asciiLine(String text, int max) {
        String ascii = text.chars()
                .map(c -> c >= 0x20 && c < 0x7f ? c : ' ')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .replaceAll(" +", " ")
                .trim();
        return cut(ascii, max);
    }

    /** The regions with something to act on, worst first, as the table orders them. */
    private static List<RegionRow> notCompliant(AuditReport report) {
        return RegionRow.of(report.findings().stream().filter(Finding::needsAttention).toList());
    }

    /** One line for a region, led by its worst control, the others it fails in brackets. */
    private static String line(RegionRow row) {
        Finding worst = row.worst();
        String more = row.findings().size() == 1 ? "" : " (+ " + row.findings().stream().skip(1)
                .map(f -> f.control().label() + " " + f.status())
                .collect(Collectors.joining(", ")) + ")";
        return String.format("  %-15s %-14s %s: %s%s", row.region(), worst.status(), worst.control().label(),
                worst.detail(), more);
    }

    /**
     * One block per region with a failing or warning control: its fixes once each, those that repair resources
     * before the one that saves the configuration (Bedrock validates the destinations when it is saved).
     */
    private static List<List<String>> fixBlocks(AuditReport report, List<RegionRow> notCompliant) {
        List<List<String>> blocks = new ArrayList<>();
        for (RegionRow row : notCompliant) {
            // In the controls' order, so the commands read in the order the checks found the failures.
            List<Finding> failing = report.findings().stream().filter(f -> f.region().equals(row.region())
                    && (f.status() == Status.FAILED || f.status() == Status.WARNING) && !f.fixes().isEmpty()).toList();
            if (failing.isEmpty()) {
                continue;
            }
            Set<Fix> fixes = new LinkedHashSet<>();
            for (Fix.Stage stage : Fix.Stage.values()) {
                failing.forEach(f -> f.fixes().stream().filter(fix -> fix.stage() == stage).forEach(fixes::add));
            }
            List<String> block = new ArrayList<>();
            block.add("  " + row.region() + " (" + failing.stream().map(f -> f.control().label())
                    .collect(Collectors.joining(", ")) + "):");
            for (Fix fix : fixes) {
                block.add("    " + fix.summary() + (fix.commands().isEmpty() ? " (by hand: no command can decide this)."
                        : ":"));
                fix.commands().forEach(command -> block.add("      " + command));
            }
            blocks.add(block);
        }
        return blocks;
    }

    /** Links to the hubs that hold the findings this alert is about, where a reader goes next. */
    private static List<String> hubLinks(AuditReport report, Changes changes, List<RegionRow> notCompliant,
            AlertContext context) {
        Set<String> regions = new LinkedHashSet<>();
        notCompliant.forEach(row -> regions.add(row.region()));
        changes.recovered().forEach(finding -> regions.add(finding.region()));
        if (regions.isEmpty()) {
            regions.addAll(report.states().keySet());
        }
        Map<String, List<String>> byHub = new LinkedHashMap<>();
        regions.forEach(region -> byHub.computeIfAbsent(context.hubOf().apply(region), h -> new ArrayList<>())
                .add(region));
        List<String> lines = new ArrayList<>();
        byHub.entrySet().stream().limit(MAX_HUB_LINKS).forEach(entry -> lines.add("  Findings of "
                + String.join(", ", entry.getValue()) + " are in " + entry.getKey() + ": "
                + consoleUrl(report.partition(), entry.getKey())));
        if (byHub.size() > MAX_HUB_LINKS) {
            lines.add("  ... and " + (byHub.size() - MAX_HUB_LINKS) + " more hub(s), each region's own (and your"
                    + " Security Hub CSPM aggregation region, if cross-region aggregation is on).");
        }
        return lines;
    }

    private static String consoleUrl(String partition, String region) {
        String host = switch (partition) {
            case "aws-cn" -> "console.amazonaws.cn";
            case "aws-us-gov" -> "console.amazonaws-us-gov.com";
            default -> "console.aws.amazon.com";
        };
        return "https://" + host + "/securityhub/home?region=" + region + "#/findings";
    }

    private static Map<String, AlertMessage.Attribute> attributes(AuditReport report, Changes changes,
            boolean deliveryFailed) {
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
        attributes.put("deliveryFailed", new AlertMessage.Attribute("String", Boolean.toString(deliveryFailed)));
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
            bytes += size(line);
        }

        void blank() {
            line("");
        }

        /** Whether the lists' share of the budget is used up, so that what follows is only counted. */
        boolean spent() {
            return bytes > MAX_BODY_BYTES - RESERVE;
        }

        void section(String title) {
            blank();
            line(title);
        }

        /** What changed, by kind; a WARNING is a change to act on like a failure, but is not called one. */
        void changes(String indent, Changes changes) {
            findings(indent + "Newly failing:", changes.newlyFailing().stream()
                    .filter(f -> f.status() != Status.WARNING).toList());
            findings(indent + "New warnings:", changes.newlyFailing().stream()
                    .filter(f -> f.status() == Status.WARNING).toList());
            findings(indent + "Newly not checked:", changes.newlyNotAvailable());
            findings(indent + "Recovered (now PASSED):", changes.recovered());
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
            blocks(lines.stream().map(List::of).toList(), what);
        }

        /** Whole blocks only: a region's commands are never cut in the middle. */
        void blocks(List<List<String>> blocks, String what) {
            for (int i = 0; i < blocks.size(); i++) {
                int blockBytes = blocks.get(i).stream().mapToInt(Body::size).sum();
                if (bytes + blockBytes > MAX_BODY_BYTES - RESERVE) {
                    line("    ... and " + (blocks.size() - i) + " more " + what + " (see Security Hub CSPM).");
                    return;
                }
                blocks.get(i).forEach(this::line);
            }
        }

        private static int size(String line) {
            return line.getBytes(StandardCharsets.UTF_8).length + 1;
        }

        String text() {
            return text.toString();
        }
    }
}
