package dev.bedrockauditor.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockauditor.testing.AwsOperation;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoChangeDetection;
import dev.bedrockauditor.testing.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * Every fault kind injected into every AWS operation a single-account run performs ({@link AwsOperation#ALL} but its ACCOUNTS step, the list
 * TemplatePermissionsCheck keeps equal to the calls the integration tests make), passing (the first attempts
 * fail) and lasting (every attempt fails), each cell a run of the command against WireMock in front of
 * moto_server, judged by what a user would check:
 * <ul>
 * <li>the run ends within the bound its call timeout sets, and prints no stack trace;</li>
 * <li>a passing fault leaves exactly the fault-free report and exit status;</li>
 * <li>a lasting fault on a read leaves every region reported, the control the read feeds NOT_AVAILABLE naming the
 *     cause (and the permission, for a refusal), nothing PASSED or FAILED by guess, and exit status 2;</li>
 * <li>a lasting fault on a write (or on what a write depends on: Security Hub's earlier findings, the alert
 *     topic) gives exit status 3 and names what was not delivered; the clean run after it leaves exactly one
 *     ACTIVE finding per region and control with its CreatedAt unchanged, and delivers any alert not sent;</li>
 * <li>a failed GetFindings archives nothing and re-creates nothing.</li>
 * </ul>
 * The cells run side by side: {@link CellTags} tells their requests apart, and each publishing cell has a moto
 * account of its own. Two kinds of call stand apart, as the README documents them: without the account
 * (sts:GetCallerIdentity) nothing can be audited, so the run stops with exit status 2 and says why; without
 * account:ListRegions every Bedrock region is audited, with a warning.
 */
@ExtendWith(MotoServer.class)
class FaultMatrixIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Short limits, so a cell waits seconds, not minutes, yet long enough that a fault-free request never hits them
     * while the matrix keeps both cores busy; the call timeout outlasts three attempts and the throttling backoff.
     */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final List<String> TIMEOUTS = List.of("--attempt-timeout", String.valueOf(ATTEMPT_TIMEOUT.toSeconds()),
            "--call-timeout", String.valueOf(CALL_TIMEOUT.toSeconds()));
    /** Cells at once: enough to overlap the seconds cells spend waiting out backoffs and timeouts, on two cores. */
    private static final int CELLS_AT_ONCE = 12;
    /** What a run may take beyond its faulty calls while the matrix loads the machine. */
    private static final Duration FAULT_FREE_ALLOWANCE = Duration.ofSeconds(8);
    private static final String AUDITED_REGIONS = String.join(",", FaultyAws.ENABLED_REGIONS);
    /** The moto account of the fault-free publishing runs; each publishing cell has one like it. */
    private static final String REFERENCE_PUBLISHING_ACCOUNT = "200000000000";

    /** The operations a single-account run makes; OrganizationFaultsIT covers those of organization mode. */
    static final List<AwsOperation> SINGLE_ACCOUNT_OPERATIONS = AwsOperation.ALL.stream()
            .filter(operation -> operation.step() != AwsOperation.Step.ACCOUNTS).toList();

    /** A cell of the matrix. */
    record Cell(int number, AwsOperation operation, FaultKind kind, boolean passing) {
        String run() {
            return "cell-" + number;
        }

        /** Publishing writes, so such a cell audits a moto account of its own. */
        String accountId() {
            return publishing() ? String.format("2%011d", number) : MotoAccount.ACCOUNT;
        }

        boolean publishing() {
            return switch (operation.step()) {
                case HISTORY, TOPIC, DELIVER -> true;
                default -> false;
            };
        }

        /** Whether the run must come out as if nothing had happened. */
        boolean recovers() {
            return passing && kind.passes();
        }

        @Override
        public String toString() {
            return operation.id() + " x " + kind + " x " + (passing ? "passing" : "lasting");
        }
    }

    /** One run of the command, by its tag: how it ended, what it printed, how long it took. */
    record Run(String tag, int exit, String stdout, String stderr, Duration took) {

        /** How many calls of the operation the run made. */
        int calls(AwsOperation operation) {
            return CellTags.calls(tag, operation.id());
        }

        JsonNode report() {
            try {
                return JSON.readTree(stdout);
            } catch (Exception e) {
                throw new AssertionError("the report is not JSON: " + stdout + "\n" + stderr, e);
            }
        }
    }

    /**
     * What became of a cell: its faulty run, and for a publishing cell the run before it (the history) and the
     * clean run after it, with Security Hub's findings and the alerts delivered after each.
     */
    record Outcome(Optional<Run> before, Run faulty, Optional<Run> after, int faultsServed,
            Map<String, StoredFinding> hubBefore, Map<String, StoredFinding> hubAfterFault,
            Map<String, StoredFinding> hubAfter, List<String> alertsOfFault, List<String> alertsAfter) {}

    /** A finding as Security Hub holds it, for comparing what a run left there. */
    record StoredFinding(String id, String region, String control, String recordState, String createdAt,
            String updatedAt) {
        static StoredFinding of(AwsSecurityFinding finding) {
            return new StoredFinding(finding.id(), finding.resources().get(0).region(), finding.generatorId(),
                    finding.recordStateAsString(), finding.createdAt(), finding.updatedAt());
        }
    }

    /** The fault-free runs every cell is compared with. */
    record References(Run audit, Run discovery, Outcome publishing) {}

    @TestFactory
    Stream<DynamicTest> everyFaultOnEveryAwsCall(MotoServer moto) throws Exception {
        List<Cell> cells = cells();
        long started = System.nanoTime();
        MatrixAccounts.seedAudited(moto);
        References references;
        Map<Cell, Outcome> outcomes = new TreeMap<>((a, b) -> Integer.compare(a.number(), b.number()));
        int untagged;
        try (FaultyAws aws = new FaultyAws(moto.endpoint(), ATTEMPT_TIMEOUT)) {
            references = CommandRun.withSdkProperties(aws.endpoint(), MatrixAccounts.HOME, Map.of(), () -> {
                References faultFree = new References(
                        run("reference-audit", MotoAccount.ACCOUNT, auditArguments()),
                        run("reference-discovery", MotoAccount.ACCOUNT, discoveryArguments()),
                        publishingOutcome(moto, aws, "reference", REFERENCE_PUBLISHING_ACCOUNT, Optional.empty()));
                ExecutorService pool = Executors.newFixedThreadPool(CELLS_AT_ONCE);
                try {
                    Map<Cell, Future<Outcome>> running = new TreeMap<>(
                            (a, b) -> Integer.compare(a.number(), b.number()));
                    // The cells that wait longest go first, so the waits overlap the others' work.
                    for (Cell cell : cells.stream().sorted(Comparator.comparingInt(FaultMatrixIT::waitRank)).toList()) {
                        running.put(cell, pool.submit(() -> outcome(moto, aws, cell)));
                    }
                    for (Map.Entry<Cell, Future<Outcome>> cell : running.entrySet()) {
                        outcomes.put(cell.getKey(), cell.getValue().get());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("the matrix could not run: " + e, e);
                } finally {
                    pool.shutdownNow();
                }
                return faultFree;
            });
            untagged = aws.untagged();
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.printf("fault matrix: %d cells (%d kinds x %d operations x 2 modes, FailedFindings on"
                + " BatchImportFindings only) in %d s%n", cells.size(), FaultKind.values().length,
                SINGLE_ACCOUNT_OPERATIONS.size(), seconds);

        Stream<DynamicTest> harness = Stream.of(
                dynamicTest("the fault-free runs audit what the cells are compared with",
                        () -> checkReferences(references)),
                dynamicTest("every request of the code under test belonged to a run of the matrix",
                        () -> assertEquals(0, untagged, "requests without a run's tag")));
        return Stream.concat(harness, cells.stream().map(cell -> dynamicTest(cell.toString(), () -> {
            try {
                check(cell, outcomes.get(cell), references);
            } catch (AssertionError e) {
                // Reports name dynamic tests by number only: the message names the cell.
                throw new AssertionError(cell + ": " + e.getMessage(), e);
            }
        })));
    }

    /** Every kind that applies x every operation x both modes. */
    private static List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (AwsOperation operation : SINGLE_ACCOUNT_OPERATIONS) {
            for (FaultKind kind : FaultKind.values()) {
                if (kind.appliesTo(operation)) {
                    cells.add(new Cell(cells.size() + 1, operation, kind, true));
                    cells.add(new Cell(cells.size() + 1, operation, kind, false));
                }
            }
        }
        return cells;
    }

    /** 0 for the cells that wait longest (timeouts, then throttling backoffs, then three runs in a row). */
    private static int waitRank(Cell cell) {
        return cell.kind() == FaultKind.ATTEMPT_TIMEOUT ? 0 : cell.kind() == FaultKind.THROTTLING ? 1
                : cell.publishing() ? 2 : 3;
    }

    private static List<String> auditArguments() {
        List<String> arguments = new ArrayList<>(List.of("--regions", AUDITED_REGIONS, "--output", "json",
                "--change-detection-rule", MotoChangeDetection.RULE));
        arguments.addAll(TIMEOUTS);
        return arguments;
    }

    /** Without --regions, so the regions are discovered with account:ListRegions. */
    private static List<String> discoveryArguments() {
        List<String> arguments = new ArrayList<>(List.of("--output", "json", "--change-detection-rule",
                MotoChangeDetection.RULE));
        arguments.addAll(TIMEOUTS);
        return arguments;
    }

    private static List<String> publishingArguments(String topicArn) {
        List<String> arguments = new ArrayList<>(List.of("--publish", "--regions",
                String.join(",", MatrixAccounts.PUBLISHED), "--topic-arn", topicArn, "--output", "json"));
        arguments.addAll(TIMEOUTS);
        return arguments;
    }

    private static Outcome outcome(MotoServer moto, FaultyAws aws, Cell cell) {
        aws.inject(cell.run(), cell.operation(), cell.kind(), cell.passing());
        try {
            if (cell.publishing()) {
                return publishingOutcome(moto, aws, cell.run(), cell.accountId(), Optional.of(cell));
            }
            List<String> arguments = cell.operation().step() == AwsOperation.Step.DISCOVER
                    ? discoveryArguments() : auditArguments();
            Run faulty = run(cell.run(), cell.accountId(), arguments);
            return new Outcome(Optional.empty(), faulty, Optional.empty(), aws.faultsServed(cell.run()), Map.of(),
                    Map.of(), Map.of(), List.of(), List.of());
        } finally {
            aws.forget(cell.run());
        }
    }

    /**
     * A first clean run (Security Hub's history), logging turned off in one region, the run the fault hits, and
     * for a lasting fault a clean run after it; Security Hub and the alert queue read after each.
     */
    private static Outcome publishingOutcome(MotoServer moto, FaultyAws aws, String run, String accountId,
            Optional<Cell> cell) {
        MotoAccount account = new MotoAccount(moto, accountId);
        MotoAccount.Topic topic = MatrixAccounts.seedPublishing(account);
        List<String> arguments = publishingArguments(topic.arn());
        Run before = run(run + "-before", accountId, arguments);
        Map<String, StoredFinding> hubBefore = hubs(account);
        account.drain(MatrixAccounts.HOME, topic);
        MatrixAccounts.stopLogging(account);
        Run faulty = run(run, accountId, arguments);
        Map<String, StoredFinding> hubAfterFault = hubs(account);
        List<String> alertsOfFault = alerts(account, topic);
        if (cell.isEmpty() || cell.get().recovers()) {
            return new Outcome(Optional.of(before), faulty, Optional.empty(), aws.faultsServed(run), hubBefore,
                    hubAfterFault, Map.of(), alertsOfFault, List.of());
        }
        Run after = run(run + "-after", accountId, arguments);
        return new Outcome(Optional.of(before), faulty, Optional.of(after), aws.faultsServed(run), hubBefore,
                hubAfterFault, hubs(account), alertsOfFault, alerts(account, topic));
    }

    private static Run run(String tag, String accountId, List<String> arguments) {
        long started = System.nanoTime();
        CommandRun.Result result;
        try (CellTags.Binding bound = CellTags.bind(new CellTags.Tag(tag, accountId))) {
            result = CommandRun.runAsSet(Map.of(), arguments.toArray(String[]::new));
        }
        return new Run(tag, result.exitCode(), result.stdout(), result.stderr(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Our findings in every hub a publishing run writes to, by id. */
    private static Map<String, StoredFinding> hubs(MotoAccount account) {
        Map<String, StoredFinding> findings = new TreeMap<>();
        for (String hub : MatrixAccounts.PUBLISHED) {
            account.findings(hub).forEach(finding -> findings.put(hub + " " + finding.id(), StoredFinding.of(finding)));
        }
        return findings;
    }

    /** The alerts delivered since the last look, as their bodies. */
    private static List<String> alerts(MotoAccount account, MotoAccount.Topic topic) {
        return account.drain(MatrixAccounts.HOME, topic).stream().map(message -> {
            try {
                return JSON.readTree(message.body()).path("Message").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    // ---- what a user would check ----

    private static void checkReferences(References references) throws Exception {
        JsonNode audit = references.audit().report();
        assertEquals(1, references.audit().exit(), references.audit().stderr());
        Map<String, JsonNode> findings = findings(audit);
        // Only the unversioned bucket and the region without logging fail; everything else passes.
        List<String> failing = List.of("eu-central-1 bedrock-invocation-logging-log-protection",
                "eu-west-1 bedrock-invocation-logging-enabled");
        findings.forEach((key, finding) -> assertEquals(failing.contains(key) ? "FAILED" : "PASSED",
                finding.get("status").asText(), finding.toString()));
        assertEquals(14, findings.size(), "five controls in two logging regions, one where logging is off, and"
                + " change detection in each of the three");
        assertEquals(normalized(references.audit(), MotoAccount.ACCOUNT).get("findings"),
                normalized(references.discovery(), MotoAccount.ACCOUNT).get("findings"));

        Outcome publishing = references.publishing();
        assertEquals(0, publishing.before().orElseThrow().exit(), publishing.before().orElseThrow().stderr());
        assertEquals(10, publishing.hubBefore().size(), "five findings in each region's own hub");
        Run faulty = publishing.faulty();
        JsonNode publication = faulty.report().get("publication");
        assertEquals(1, faulty.exit(), faulty.stderr());
        assertEquals(6, publication.get("imported").asInt(), publication.toString());
        assertEquals(4, publication.get("archived").asInt(), publication.toString());
        assertEquals("SENT", publication.get("alert").get("status").asText(), publication.toString());
        assertEquals(1, publishing.alertsOfFault().size());
        assertTrue(alertsTheChange(publishing.alertsOfFault().get(0)), publishing.alertsOfFault().get(0));
    }

    private static void check(Cell cell, Outcome outcome, References references) throws Exception {
        Run faulty = outcome.faulty();
        assertTrue(faulty.calls(cell.operation()) > 0, "the scenario makes the call: " + faulty.stderr());
        assertTrue(outcome.faultsServed() > 0, "the fault was injected");
        for (Run run : runs(outcome)) {
            assertFalse(run.stderr().contains("\tat ") || run.stderr().contains("Caused by:"),
                    "no stack trace: " + run.stderr());
        }
        Run reference = reference(cell, references);
        Duration bound = CALL_TIMEOUT.multipliedBy(callsInARow(cell.operation())).plus(FAULT_FREE_ALLOWANCE)
                .plus(reference.took());
        assertTrue(faulty.took().compareTo(bound) <= 0, "the run took " + faulty.took() + ", over " + bound);

        if (cell.recovers()) {
            assertEquals(reference.exit(), faulty.exit(), "the fault-free exit status: " + faulty.stderr()
                    + faulty.stdout());
            assertEquals(normalized(reference, referenceAccount(cell)), normalized(faulty, cell.accountId()),
                    "the fault-free report");
            if (cell.publishing()) {
                checkDeliveredAsWithoutTheFault(cell, outcome, references.publishing());
            }
            return;
        }
        String cause = cell.kind().cause(cell.operation(), ATTEMPT_TIMEOUT);
        switch (cell.operation().step()) {
            case IDENTIFY -> checkUnidentified(faulty, cause);
            case DISCOVER -> checkUndiscovered(faulty, reference, cause);
            case AUDIT -> checkUnread(faulty, reference, cause);
            case HISTORY -> checkHistoryUnread(outcome, cause);
            case TOPIC, DELIVER -> checkUndelivered(cell, outcome, cause);
        }
        if (cell.publishing()) {
            checkTheNextRunMakesGood(outcome, references.publishing());
        }
    }

    private static List<Run> runs(Outcome outcome) {
        List<Run> runs = new ArrayList<>();
        outcome.before().ifPresent(runs::add);
        runs.add(outcome.faulty());
        outcome.after().ifPresent(runs::add);
        return runs;
    }

    private static Run reference(Cell cell, References references) {
        if (cell.publishing()) {
            return references.publishing().faulty();
        }
        return cell.operation().step() == AwsOperation.Step.DISCOVER ? references.discovery() : references.audit();
    }

    private static String referenceAccount(Cell cell) {
        return cell.publishing() ? REFERENCE_PUBLISHING_ACCOUNT : MotoAccount.ACCOUNT;
    }

    /**
     * Calls of the operation one run may wait for one after the other: BatchImportFindings imports, sends again
     * what FailedFindings listed, then archives; any other operation's calls in a run go at once.
     */
    private static int callsInARow(AwsOperation operation) {
        return operation.id().equals(FaultKind.BATCH_IMPORT) ? 3 : 1;
    }

    /**
     * Security Hub holds what the fault-free run left there (each finding in its hub, ACTIVE or ARCHIVED alike,
     * CreatedAt kept from the first run), and the topic received the alert. A Publish answered later than the
     * attempt timeout was taken by SNS all the same: the SDK's next attempt sends the alert once more.
     */
    private static void checkDeliveredAsWithoutTheFault(Cell cell, Outcome outcome, Outcome reference) {
        assertEquals(states(reference.hubAfterFault(), REFERENCE_PUBLISHING_ACCOUNT), states(outcome.hubAfterFault(),
                cell.accountId()), "Security Hub as the fault-free run left it");
        outcome.hubAfterFault().forEach((key, finding) -> {
            StoredFinding first = outcome.hubBefore().get(key);
            if (first != null) {
                assertEquals(first.createdAt(), finding.createdAt(), "CreatedAt kept: " + key);
            }
        });
        boolean lateAnswersResend = cell.operation().id().equals("Sns:Publish")
                && cell.kind() == FaultKind.ATTEMPT_TIMEOUT;
        if (lateAnswersResend) {
            assertEquals(cell.kind().spoiledAttempts() + 1, outcome.alertsOfFault().size(),
                    "one alert per attempt: " + outcome.alertsOfFault());
            assertTrue(outcome.alertsOfFault().stream().allMatch(FaultMatrixIT::alertsTheChange),
                    outcome.alertsOfFault().toString());
        } else {
            assertEquals(1, outcome.alertsOfFault().size(), "one alert: " + outcome.alertsOfFault());
            assertTrue(alertsTheChange(outcome.alertsOfFault().get(0)), outcome.alertsOfFault().get(0));
        }
    }

    /** Each finding's hub, id (the account left out) and record state. */
    private static List<String> states(Map<String, StoredFinding> hubs, String accountId) {
        return hubs.entrySet().stream().map(entry -> entry.getKey().replace(accountId, "ACCOUNT") + " "
                + entry.getValue().recordState()).sorted().toList();
    }

    /** Without the account nothing can be audited: exit status 2 and one line saying why. */
    private static void checkUnidentified(Run run, String cause) {
        assertEquals(2, run.exit(), run.stderr());
        assertEquals("", run.stdout(), "no report about an account not known");
        String line = run.stderr().strip();
        assertTrue(line.startsWith("bedrock-logging-auditor: cannot identify the AWS account (sts:GetCallerIdentity in"
                + " us-east-1): "), line);
        assertTrue(line.contains(cause), "names the cause " + cause + ": " + line);
        assertEquals(1, line.lines().count(), line);
    }

    /** Without account:ListRegions every Bedrock region is audited, with a warning naming the cause. */
    private static void checkUndiscovered(Run run, Run reference, String cause) throws Exception {
        JsonNode report = run.report();
        assertEquals("ALL_BEDROCK_REGIONS", report.get("regionSource").asText());
        List<String> regions = new ArrayList<>();
        report.get("regions").forEach(region -> regions.add(region.asText()));
        assertTrue(regions.containsAll(FaultyAws.ENABLED_REGIONS), regions.toString());
        assertTrue(regions.size() > FaultyAws.ENABLED_REGIONS.size(), regions.toString());
        assertTrue(textOf(report.get("warnings")).stream().anyMatch(warning ->
                warning.startsWith("account:ListRegions failed (") && warning.contains(cause)),
                "a warning names the cause: " + report.get("warnings"));
        Map<String, JsonNode> found = findings(normalized(run, MotoAccount.ACCOUNT));
        findings(normalized(reference, MotoAccount.ACCOUNT)).forEach((key, expected) -> assertEquals(
                expected, found.get(key), "the enabled regions read as without the fault: " + key));
        assertEquals(exitStatusOf(report), run.exit(), run.stderr());
    }

    /**
     * A read that fails on every attempt: every region and control still reported, the controls it feeds
     * NOT_AVAILABLE naming the cause (a refusal names the permission), nothing PASSED or FAILED by guess, exit 2.
     */
    private static void checkUnread(Run run, Run reference, String cause) throws Exception {
        assertEquals(2, run.exit(), run.stderr());
        JsonNode report = run.report();
        assertEquals(reference.report().get("regions"), report.get("regions"), "every region audited");
        Map<String, JsonNode> expected = findings(reference.report());
        Map<String, JsonNode> found = findings(report);
        assertTrue(found.keySet().containsAll(expected.keySet()), "every region and control reported: "
                + found.keySet());
        boolean named = false;
        for (Map.Entry<String, JsonNode> finding : found.entrySet()) {
            String status = finding.getValue().get("status").asText();
            // A configuration not read keeps every control's finding, NOT_AVAILABLE: logging may be on there.
            String before = expected.containsKey(finding.getKey())
                    ? expected.get(finding.getKey()).get("status").asText() : "NOT_AVAILABLE";
            assertTrue(status.equals(before) || status.equals("NOT_AVAILABLE"),
                    "not " + status + " by guess, but " + before + " or NOT_AVAILABLE: " + finding.getValue());
            named |= status.equals("NOT_AVAILABLE") && !before.equals("NOT_AVAILABLE")
                    && !finding.getValue().get("severity").asText().equals("INFORMATIONAL")
                    && finding.getValue().get("detail").asText().contains(cause);
        }
        assertTrue(named, "a control the read feeds is NOT_AVAILABLE and says " + cause + ": " + report.get("findings"));
    }

    /** Earlier findings not read: nothing imported or archived on a guess, every finding reported as waiting. */
    private static void checkHistoryUnread(Outcome outcome, String cause) throws Exception {
        Run run = outcome.faulty();
        assertEquals(3, run.exit(), run.stderr());
        JsonNode report = run.report();
        JsonNode publication = report.get("publication");
        assertEquals(0, publication.get("imported").asInt(), publication.toString());
        assertEquals(0, publication.get("archived").asInt(), publication.toString());
        assertEquals(outcome.hubBefore(), outcome.hubAfterFault(), "Security Hub is left as it was");
        checkEveryFindingNamedUndelivered(report, cause);
    }

    /** A write that fails on every attempt, or the topic check before it: exit 3, and what was not delivered. */
    private static void checkUndelivered(Cell cell, Outcome outcome, String cause) throws Exception {
        Run run = outcome.faulty();
        assertEquals(3, run.exit(), run.stderr());
        JsonNode report = run.report();
        JsonNode publication = report.get("publication");
        // An answer later than the attempt timeout comes from a service that did the work: the import or the
        // alert may have landed though the auditor could not know it, and the next run must cope with that too.
        boolean mayHaveLanded = cell.kind() == FaultKind.ATTEMPT_TIMEOUT;
        if (cell.operation().id().equals(FaultKind.BATCH_IMPORT)) {
            checkEveryFindingNamedUndelivered(report, cause);
            if (!mayHaveLanded) {
                assertEquals(outcome.hubBefore(), outcome.hubAfterFault(), "nothing was imported");
            }
        } else {
            JsonNode alert = publication.get("alert");
            assertEquals("FAILED", alert.get("status").asText(), alert.toString());
            assertTrue(alert.get("reason").asText().contains(cause), "names the cause " + cause + ": " + alert);
            assertTrue(run.stderr().contains(cause), "and says it on stderr: " + run.stderr());
            if (!mayHaveLanded) {
                assertEquals(List.of(), outcome.alertsOfFault(), "no alert reached the topic");
            }
        }
    }

    private static void checkEveryFindingNamedUndelivered(JsonNode report, String cause) {
        Map<String, String> undelivered = new TreeMap<>();
        report.get("publication").get("undelivered").forEach(lost ->
                undelivered.put(lost.get("findingId").asText(), lost.get("reason").asText()));
        report.get("findings").forEach(finding -> {
            String id = "bedrock-logging-auditor/aws/" + report.get("accountId").asText() + "/"
                    + finding.get("region").asText() + "/" + finding.get("controlId").asText();
            assertTrue(undelivered.containsKey(id), "names " + id + " not delivered: " + undelivered);
            assertTrue(undelivered.get(id).contains(cause), "with the cause " + cause + ": " + undelivered.get(id));
        });
    }

    /**
     * The clean run after a lasting fault makes good: it delivers everything, leaves one ACTIVE finding per region
     * and control with the CreatedAt of the first run, archives what no longer applies, and the change the fault
     * kept from the operator reaches the topic.
     */
    private static void checkTheNextRunMakesGood(Outcome outcome, Outcome reference) throws Exception {
        Run after = outcome.after().orElseThrow();
        assertEquals(reference.faulty().exit(), after.exit(), after.stderr());
        JsonNode report = after.report();
        assertFalse(report.get("publication").get("failed").asBoolean(), report.get("publication").toString());
        Map<String, StoredFinding> active = new TreeMap<>();
        outcome.hubAfter().values().stream().filter(finding -> finding.recordState().equals("ACTIVE")).forEach(
                finding -> assertEquals(null, active.put(finding.region() + " " + finding.control(), finding),
                        "one ACTIVE finding for " + finding.region() + " " + finding.control()));
        assertEquals(findings(report).keySet(), active.keySet(), "an ACTIVE finding for each region and control");
        Map<String, String> createdFirst = new TreeMap<>();
        outcome.hubBefore().values().forEach(finding -> createdFirst.put(finding.id(), finding.createdAt()));
        active.values().forEach(finding -> assertEquals(createdFirst.get(finding.id()), finding.createdAt(),
                "CreatedAt unchanged: " + finding.id()));
        assertEquals(4, outcome.hubAfter().values().stream()
                .filter(finding -> finding.recordState().equals("ARCHIVED")).count(), "what no longer applies archived");
        JsonNode alertOfFault = outcome.faulty().report().get("publication").get("alert");
        if (!alertOfFault.get("status").asText().equals("SENT")) {
            assertEquals("SENT", report.get("publication").get("alert").get("status").asText(),
                    "the alert not sent is sent now");
        }
        List<String> delivered = new ArrayList<>(outcome.alertsOfFault());
        delivered.addAll(outcome.alertsAfter());
        assertTrue(delivered.stream().anyMatch(FaultMatrixIT::alertsTheChange),
                "the change reached the topic: " + delivered);
    }

    /** eu-west-1's logging was turned off: the alert says it newly fails. */
    private static boolean alertsTheChange(String body) {
        return body.matches("(?s).*Newly failing:\\n\\s+eu-west-1\\s+FAILED LOGGING: Logging is off.*");
    }

    // ---- reading reports ----

    /** Findings by "region controlId". */
    private static Map<String, JsonNode> findings(JsonNode report) {
        Map<String, JsonNode> findings = new TreeMap<>();
        report.get("findings").forEach(finding -> findings.put(finding.get("region").asText() + " "
                + finding.get("controlId").asText(), finding));
        return findings;
    }

    /** The report less what differs from run to run: times, the account, moto's generated ids. */
    private static JsonNode normalized(Run run, String accountId) throws Exception {
        String text = run.stdout().replace(accountId, "ACCOUNT")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID");
        ObjectNode report = (ObjectNode) JSON.readTree(text);
        report.remove(List.of("startedAt", "finishedAt"));
        if (report.get("publication") instanceof ObjectNode publication
                && publication.get("alert") instanceof ObjectNode alert) {
            alert.remove("messageId");
        }
        return report;
    }

    private static List<String> textOf(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    /** The README's exit status of a report: 2 when something needing attention could not be checked, else 1 or 0. */
    private static int exitStatusOf(JsonNode report) {
        boolean incomplete = false;
        boolean failing = false;
        for (JsonNode finding : report.get("findings")) {
            String status = finding.get("status").asText();
            incomplete |= status.equals("NOT_AVAILABLE") && !finding.get("severity").asText().equals("INFORMATIONAL");
            failing |= !status.equals("PASSED");
        }
        return incomplete ? 2 : failing ? 1 : 0;
    }
}
