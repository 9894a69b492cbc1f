package dev.bedrockauditor.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.domain.ChangeDetectionEvidence;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.EventRule;
import dev.bedrockauditor.domain.EventSelectors;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.domain.TrailEvidence;
import dev.bedrockauditor.testing.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The change-detection control, branch by branch: what a trail must log, where it must apply, the rule's
 * states, and reads that were refused. The reasons given here are worded as the reader words AWS's answers.
 */
class ChangeDetectionCheckTest {

    private static final String ACCOUNT = Reports.ACCOUNT;
    private static final String MANAGEMENT_ACCOUNT = "999988887777";
    private static final String HOME = "us-east-1";
    private static final String REGION = "eu-west-1";
    private static final String RULE = "bedrock-logging-auditor-changes";
    private static final String RULE_ARN = "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + RULE;
    private static final EventSelectors DEFAULT = new EventSelectors(List.of(), List.of());
    private static final Observed<Optional<EventRule>> ENABLED = rule("ENABLED");

    private static final ControlSuite SUITE = ControlSuite.standard(EnumSet.allOf(DataType.class), 90)
            .withChangeDetection(HOME);

    private static TrailEvidence trail(String name, String home, boolean multiRegion, boolean logging,
            EventSelectors selectors) {
        return new TrailEvidence(name, "arn:aws:cloudtrail:" + home + ":" + ACCOUNT + ":trail/" + name, home,
                multiRegion, false, Observed.known(logging), Observed.known(selectors));
    }

    private static TrailEvidence regional(EventSelectors selectors) {
        return trail("regional", REGION, false, true, selectors);
    }

    private static TrailEvidence organizationTrail(boolean logging) {
        return new TrailEvidence("org-trail", "arn:aws:cloudtrail:us-east-2:" + MANAGEMENT_ACCOUNT + ":trail/org-trail",
                "us-east-2", true, true, Observed.known(logging), Observed.known(DEFAULT));
    }

    private static Observed<Optional<EventRule>> rule(String state) {
        return Observed.known(Optional.of(new EventRule(RULE_ARN, state)));
    }

    private static EventSelectors basic(String readWriteType, Boolean management, int dataResources,
            String... excluded) {
        return new EventSelectors(List.of(new EventSelectors.Basic(Optional.ofNullable(readWriteType),
                Optional.ofNullable(management), List.of(excluded), dataResources)), List.of());
    }

    private static EventSelectors advanced(EventSelectors.Field... fields) {
        return new EventSelectors(List.of(), List.of(new EventSelectors.Advanced("selector", List.of(fields))));
    }

    private static EventSelectors.Field management() {
        return EventSelectors.Field.of("eventCategory", List.of("Management"), List.of());
    }

    private static Finding finding(String region, LoggingState state, Observed<List<TrailEvidence>> trails,
            Observed<Optional<EventRule>> rule) {
        RegionEvidence evidence = new RegionEvidence(region, ACCOUNT, "aws", state,
                Reports.evidence(region, state).destinations(),
                Optional.of(new ChangeDetectionEvidence(RULE, trails, rule)));
        List<Finding> findings = SUITE.evaluate(evidence).stream()
                .filter(finding -> finding.controlId().equals(ChangeDetectionCheck.ID)).toList();
        assertEquals(1, findings.size(), "one change-detection finding per region");
        return findings.get(0);
    }

    private static Finding finding(List<TrailEvidence> trails, Observed<Optional<EventRule>> rule) {
        return finding(REGION, Reports.fullLogging(), Observed.known(trails), rule);
    }

    private static void assertStatus(Finding finding, Status status, Severity severity, String... detailParts) {
        assertEquals(status, finding.status(), finding.detail());
        assertEquals(severity, finding.severity(), finding.detail());
        for (String part : detailParts) {
            assertTrue(finding.detail().contains(part), "'" + part + "' in: " + finding.detail());
        }
    }

    private static List<String> commands(Finding finding) {
        return finding.fixes().stream().flatMap(fix -> fix.commands().stream()).toList();
    }

    private static String advice(Finding finding) {
        return String.join(" | ", finding.fixes().stream().filter(fix -> fix.commands().isEmpty())
                .map(Fix::summary).toList());
    }

    static Stream<Arguments> workingTrails() {
        return Stream.of(
                Arguments.of("the region's own trail with CloudTrail's default selectors", regional(DEFAULT)),
                Arguments.of("a multi-Region trail homed in another region", trail("main", HOME, true, true, DEFAULT)),
                Arguments.of("an organization trail of the management account", organizationTrail(true)),
                Arguments.of("basic selector, all management events", regional(basic("All", true, 0))),
                Arguments.of("basic selector, write-only management events", regional(basic("WriteOnly", true, 0))),
                Arguments.of("basic selector whose fields CloudTrail left out (defaults: All, management on)",
                        regional(basic(null, null, 0))),
                Arguments.of("basic selector, management and data events", regional(basic("All", true, 2))),
                Arguments.of("advanced selector, every management event", regional(advanced(management()))),
                Arguments.of("advanced selector, management writes only", regional(advanced(management(),
                        EventSelectors.Field.of("readOnly", List.of("false"), List.of())))),
                Arguments.of("advanced selector, management events except reads", regional(advanced(management(),
                        EventSelectors.Field.of("readOnly", List.of(), List.of("true"))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workingTrails")
    void aTrailThatLogsManagementWritesAndAnEnabledRulePass(String why, TrailEvidence trail) {
        Finding finding = finding(List.of(trail), ENABLED);

        assertStatus(finding, Status.PASSED, Severity.INFORMATIONAL, "reach the auditor within minutes",
                trail.name() + " logs management write events in " + REGION,
                "EventBridge rule " + RULE + " is ENABLED on the default event bus");
        assertEquals(List.of(), finding.fixes());
        assertEquals(List.of(new Resource(Resource.Kind.CLOUDTRAIL_TRAIL, trail.arn(), trail.homeRegion()),
                new Resource(Resource.Kind.EVENTBRIDGE_RULE, RULE_ARN, REGION)), finding.resources());
    }

    @Test
    void aRuleThatAlsoTakesReadOnlyManagementEventsIsEnabledToo() {
        assertStatus(finding(List.of(regional(DEFAULT)), rule("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")),
                Status.PASSED, Severity.INFORMATIONAL, "is ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    }

    @Test
    void aTrailThatLeavesOutKmsEventsStillPassesAndSaysWhatItMisses() {
        Finding basic = finding(List.of(regional(basic("All", true, 0, "kms.amazonaws.com"))), ENABLED);
        Finding advanced = finding(List.of(regional(advanced(management(),
                EventSelectors.Field.of("eventSource", List.of(), List.of("kms.amazonaws.com"))))), ENABLED);

        for (Finding finding : List.of(basic, advanced)) {
            assertStatus(finding, Status.PASSED, Severity.INFORMATIONAL,
                    "logs management write events (except those of kms.amazonaws.com) in " + REGION);
        }
    }

    @Test
    void withoutAnyTrailTheRegionWarnsAndSaysHowToCreateOne() {
        Finding finding = finding(List.of(), ENABLED);

        assertStatus(finding, Status.WARNING, Severity.LOW, "noticed only by the next scheduled audit",
                "no CloudTrail trail applies to " + REGION);
        assertEquals(List.of(), commands(finding), "a trail needs a bucket with CloudTrail's policy: advice only");
        assertTrue(advice(finding).contains("aws cloudtrail create-trail --name NAME --s3-bucket-name BUCKET"
                + " --is-multi-region-trail"), advice(finding));
    }

    @Test
    void aSingleRegionTrailOfAnotherRegionDoesNotCount() {
        assertStatus(finding(List.of(trail("elsewhere", HOME, false, true, DEFAULT)), ENABLED), Status.WARNING,
                Severity.LOW, "no CloudTrail trail applies to " + REGION);
    }

    @Test
    void aStoppedTrailOfTheAccountWarnsWithTheCommandThatStartsItInItsHomeRegion() {
        Finding finding = finding(List.of(trail("main", HOME, true, false, DEFAULT)), ENABLED);

        assertStatus(finding, Status.WARNING, Severity.LOW, "multi-Region trail main is not logging in " + REGION);
        assertEquals(List.of("aws cloudtrail start-logging --region us-east-1 --name main"), commands(finding));
    }

    @Test
    void aStoppedOrganizationTrailIsTheManagementAccountsToStart() {
        Finding finding = finding(List.of(organizationTrail(false)), ENABLED);

        assertStatus(finding, Status.WARNING, Severity.LOW, "organization trail org-trail is not logging");
        assertEquals(List.of(), commands(finding));
        assertTrue(advice(finding).contains("Ask account " + MANAGEMENT_ACCOUNT), advice(finding));
    }

    static Stream<Arguments> trailsThatMissChanges() {
        return Stream.of(
                Arguments.of("basic selector, read-only management events", basic("ReadOnly", true, 0),
                        "logs only read-only management events"),
                Arguments.of("basic selector, data events only", basic("All", false, 1),
                        "logs data events only, no management events"),
                Arguments.of("advanced selector, read-only management events", advanced(management(),
                        EventSelectors.Field.of("readOnly", List.of("true"), List.of())),
                        "logs only read-only management events"),
                Arguments.of("advanced selector, data events only", advanced(
                        EventSelectors.Field.of("eventCategory", List.of("Data"), List.of()),
                        EventSelectors.Field.of("resources.type", List.of("AWS::S3::Object"), List.of())),
                        "logs data events only, no management events"),
                Arguments.of("advanced selector that leaves out Bedrock's events", advanced(management(),
                        EventSelectors.Field.of("eventSource", List.of(), List.of("bedrock.amazonaws.com"))),
                        "leaves out Bedrock's management events"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trailsThatMissChanges")
    void aTrailThatDoesNotLogManagementWritesWarns(String why, EventSelectors selectors, String detail) {
        Finding finding = finding(List.of(regional(selectors)), ENABLED);

        assertStatus(finding, Status.WARNING, Severity.LOW, "trail regional " + detail);
        assertTrue(advice(finding).contains("log management events with API activity Write or All"), advice(finding));
        assertEquals(List.of(), commands(finding), "replacing selectors could drop data events: advice only");
    }

    @Test
    void oneWorkingTrailIsEnoughWhateverTheOthersLog() {
        Finding finding = finding(List.of(regional(basic("ReadOnly", true, 0)), trail("main", HOME, true, false,
                DEFAULT), organizationTrail(true)), ENABLED);

        assertStatus(finding, Status.PASSED, Severity.INFORMATIONAL, "organization trail org-trail logs");
        assertFalse(finding.detail().contains("regional"), finding.detail());
    }

    @Test
    void aMissingRuleOutsideTheHomeRegionPointsToTheForwarder() throws Exception {
        Finding finding = finding(List.of(regional(DEFAULT)), Observed.known(Optional.empty()));

        assertStatus(finding, Status.WARNING, Severity.LOW,
                "EventBridge rule " + RULE + " does not exist on the default event bus of " + REGION);
        assertTrue(advice(finding).startsWith("Deploy the change forwarder to " + REGION), advice(finding));
        assertTrue(advice(finding).contains("default event bus of " + HOME), advice(finding));
        // What it points to exists: the template, and the README section and paragraph that deploy it.
        assertTrue(advice(finding).contains("(src/cloudformation/change-forwarder.yaml; README: Audits on change,"
                + " \"Every region, from one stack\")"), advice(finding));
        assertTrue(Files.isRegularFile(Path.of("src/cloudformation/change-forwarder.yaml")));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("\n## Audits on change") && readme.contains("**Every region, from one stack.**"));
    }

    @Test
    void aMissingRuleInTheHomeRegionPointsToTheStack() {
        Finding finding = finding(HOME, Reports.fullLogging(), Observed.known(List.of(trail("main", HOME, true, true,
                DEFAULT))), Observed.known(Optional.empty()));

        assertStatus(finding, Status.WARNING, Severity.LOW, "does not exist on the default event bus of " + HOME);
        assertTrue(advice(finding).startsWith("Deploy the auditor's stack again in " + HOME), advice(finding));
    }

    @Test
    void aDisabledRuleWarnsWithTheCommandThatEnablesIt() {
        Finding finding = finding(List.of(regional(DEFAULT)), rule("DISABLED"));

        assertStatus(finding, Status.WARNING, Severity.LOW, "EventBridge rule " + RULE + " is disabled");
        assertEquals(List.of("aws events enable-rule --region " + REGION + " --name " + RULE), commands(finding));
    }

    @Test
    void everyMissingPieceIsNamedInOneWarning() {
        Finding finding = finding(List.of(), rule("DISABLED"));

        assertStatus(finding, Status.WARNING, Severity.LOW, "no CloudTrail trail applies to " + REGION,
                "EventBridge rule " + RULE + " is disabled");
        assertEquals(2, finding.fixes().size());
    }

    @Test
    void aRefusedTrailListIsNotAvailableNamingThePermission() {
        String denied = "trails of eu-west-1 not readable: AccessDenied: the auditor's role lacks"
                + " cloudtrail:DescribeTrails (or a service control policy or permissions boundary denies it)";
        Finding finding = finding(REGION, Reports.fullLogging(), Observed.unreadable(denied), ENABLED);

        assertStatus(finding, Status.NOT_AVAILABLE, Severity.LOW, "Could not check: " + denied);
        assertEquals(List.of(), finding.fixes());
    }

    @Test
    void aRefusedRuleReadIsNotAvailableNamingThePermission() {
        String denied = "EventBridge rule " + RULE + " in eu-west-1 not readable: AccessDenied: the auditor's role"
                + " lacks events:DescribeRule (or a service control policy or permissions boundary denies it)";

        assertStatus(finding(List.of(regional(DEFAULT)), Observed.unreadable(denied)), Status.NOT_AVAILABLE,
                Severity.LOW, "Could not check: " + denied);
    }

    @Test
    void aTrailWhoseSettingsCannotBeReadMightBeTheOneThatWorks() {
        String denied = "trail main event selectors not readable: AccessDenied: the auditor's role lacks"
                + " cloudtrail:GetEventSelectors (or a service control policy or permissions boundary denies it)";
        TrailEvidence unreadable = new TrailEvidence("main", "arn:aws:cloudtrail:us-east-1:" + ACCOUNT + ":trail/main",
                HOME, true, false, Observed.known(true), Observed.unreadable(denied));

        Finding finding = finding(List.of(regional(basic("ReadOnly", true, 0)), unreadable), ENABLED);

        assertStatus(finding, Status.NOT_AVAILABLE, Severity.LOW, "Could not check: " + denied);
        assertFalse(finding.detail().contains("read-only"), "a guess at the other trail is no verdict");
    }

    @Test
    void aKnownGapStillWarnsWhenAnotherReadWasRefused() {
        String denied = "trails of eu-west-1 not readable: AccessDenied: the auditor's role lacks"
                + " cloudtrail:DescribeTrails (or a service control policy or permissions boundary denies it)";
        Finding finding = finding(REGION, Reports.fullLogging(), Observed.unreadable(denied),
                Observed.known(Optional.empty()));

        assertStatus(finding, Status.WARNING, Severity.LOW, "does not exist on the default event bus",
                "Also not checked: " + denied);
    }

    @Test
    void detectionIsJudgedWhetherOrNotLoggingIsOn() {
        for (LoggingState state : List.of(new LoggingState.Disabled(), new LoggingState.Unknown("throttled"))) {
            Finding finding = finding(REGION, state, Observed.known(List.of(regional(DEFAULT))), ENABLED);
            assertStatus(finding, Status.PASSED, Severity.INFORMATIONAL, "within minutes");
        }
        List<Finding> off = SUITE.evaluate(new RegionEvidence(REGION, ACCOUNT, "aws", new LoggingState.Disabled(),
                Optional.empty(), Optional.of(new ChangeDetectionEvidence(RULE, Observed.known(List.of()), ENABLED))));
        assertEquals(List.of(LoggingEnabledCheck.ID, ChangeDetectionCheck.ID),
                off.stream().map(Finding::controlId).toList(), "where logging is off, the two that apply");
    }

    @Test
    void evidenceThatWasNeverReadIsNotAvailableRatherThanPassed() {
        List<Finding> findings = SUITE.evaluate(Reports.evidence(REGION, Reports.fullLogging()));
        Finding finding = findings.get(findings.size() - 1);

        assertEquals(ChangeDetectionCheck.ID, finding.controlId());
        assertStatus(finding, Status.NOT_AVAILABLE, Severity.LOW, "were not read");
    }

    @Test
    void theControlRunsOnlyWhereARuleIsConfiguredAndComesLast() {
        assertEquals(5, Reports.CONTROLS.checks().size());
        assertTrue(Reports.CONTROLS.checks().stream().noneMatch(check -> check instanceof ChangeDetectionCheck));
        assertEquals(6, SUITE.checks().size());
        assertEquals(ChangeDetectionCheck.ID, SUITE.checks().get(5).control().id());
        assertEquals(Reports.CONTROLS.metadata(), SUITE.metadata().subList(0, 5), "the others keep their order");
    }
}
