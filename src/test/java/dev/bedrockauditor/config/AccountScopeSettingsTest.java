package dev.bedrockauditor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which accounts a run audits, and with which member role: --organization, --accounts, --exclude-accounts. */
class AccountScopeSettingsTest {

    private static AuditSettings flags(Map<Setting, String> flags) {
        return AuditSettings.resolve(flags, Map.of());
    }

    private static AuditSettings environment(Map<String, String> environment) {
        return AuditSettings.resolve(Map.of(), environment);
    }

    /** The error for these inputs, which must be a ConfigurationException. */
    private static String error(Map<Setting, String> flags, Map<String, String> environment) {
        return assertThrows(ConfigurationException.class, () -> AuditSettings.resolve(flags, environment))
                .getMessage();
    }

    @Test
    void byDefaultOnlyTheCredentialsOwnAccountIsAuditedAndTheMemberRoleIsTheTemplates() {
        AuditSettings settings = AuditSettings.defaults();

        assertEquals(new AccountScope.ThisAccount(), settings.accounts());
        assertFalse(settings.accounts().organizationMode());
        assertEquals("bedrock-logging-auditor-member", settings.memberRole());
        assertEquals(AuditSettings.DEFAULT_MEMBER_ROLE, settings.memberRole());
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True", " true "})
    void theOrganizationVariableTurnsOrganizationModeOnInAnyCase(String value) {
        AuditSettings settings = environment(Map.of("AUDIT_ORGANIZATION", value));

        AccountScope.Organization scope = assertInstanceOf(AccountScope.Organization.class, settings.accounts());
        assertTrue(scope.organizationMode());
        assertEquals(List.of(), scope.excluded());
        assertEquals("AUDIT_ORGANIZATION", scope.inputName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "False", ""})
    void falseOrAnEmptyOrganizationVariableLeavesASingleAccountAudit(String value) {
        assertEquals(new AccountScope.ThisAccount(), environment(Map.of("AUDIT_ORGANIZATION", value)).accounts());
    }

    @Test
    void theOrganizationFlagTurnsItOnAndNamesItselfAsTheInput() {
        AccountScope.Organization scope = assertInstanceOf(AccountScope.Organization.class,
                flags(Map.of(Setting.ORGANIZATION, Setting.switchedOn())).accounts());

        assertEquals("--organization", scope.inputName());
    }

    @Test
    void theOrganizationFlagWinsOverAVariableSayingFalse() {
        AuditSettings settings = AuditSettings.resolve(Map.of(Setting.ORGANIZATION, Setting.switchedOn()),
                Map.of("AUDIT_ORGANIZATION", "false"));

        assertTrue(settings.accounts().organizationMode());
    }

    @Test
    void listedAccountsAreTrimmedKeptInOrderAndKeepTheirLeadingZeros() {
        AccountScope.Listed scope = assertInstanceOf(AccountScope.Listed.class,
                flags(Map.of(Setting.ACCOUNTS, " 444455556666 , 012345678901,111122223333 ")).accounts());

        assertEquals(List.of("444455556666", "012345678901", "111122223333"), scope.ids());
        assertEquals("--accounts", scope.inputName());
        assertTrue(scope.organizationMode(), "listed accounts are audited through their member roles");
    }

    @Test
    void theAccountsFlagWinsOverItsVariable() {
        AccountScope.Listed scope = assertInstanceOf(AccountScope.Listed.class, AuditSettings.resolve(
                Map.of(Setting.ACCOUNTS, "444455556666"), Map.of("AUDIT_ACCOUNTS", "111122223333")).accounts());

        assertEquals(List.of("444455556666"), scope.ids());
        assertEquals("--accounts", scope.inputName());
    }

    @Test
    void listedAccountsWithTheOrganizationVariableFalseAreAccepted() {
        AccountScope.Listed scope = assertInstanceOf(AccountScope.Listed.class, environment(Map.of(
                "AUDIT_ORGANIZATION", "false", "AUDIT_ACCOUNTS", "444455556666")).accounts());

        assertEquals("AUDIT_ACCOUNTS", scope.inputName());
    }

    @Test
    void aMalformedExclusionListIsAnErrorNamingTheFlag() {
        String error = error(Map.of(Setting.ORGANIZATION, Setting.switchedOn(),
                Setting.EXCLUDE_ACCOUNTS, "444455556666,444455556666"), Map.of());

        assertEquals("--exclude-accounts names account 444455556666 twice", error);
    }

    @Test
    void excludedAccountsApplyToTheWholeOrganization() {
        AccountScope.Organization scope = assertInstanceOf(AccountScope.Organization.class, flags(Map.of(
                Setting.ORGANIZATION, Setting.switchedOn(), Setting.EXCLUDE_ACCOUNTS, "444455556666, 555566667777"))
                .accounts());

        assertEquals(List.of("444455556666", "555566667777"), scope.excluded());
        assertEquals("--exclude-accounts", scope.excludedBy());
        AccountScope.Organization fromVariables = assertInstanceOf(AccountScope.Organization.class, environment(Map.of(
                "AUDIT_ORGANIZATION", "true", "AUDIT_EXCLUDE_ACCOUNTS", "444455556666")).accounts());
        assertEquals("AUDIT_EXCLUDE_ACCOUNTS", fromVariables.excludedBy());
    }

    @Test
    void excludingAccountsWithoutTheOrganizationIsAnError() {
        assertEquals("--exclude-accounts applies only with --organization (AUDIT_ORGANIZATION=true)",
                error(Map.of(Setting.EXCLUDE_ACCOUNTS, "444455556666"), Map.of()));
        assertEquals("AUDIT_EXCLUDE_ACCOUNTS applies only with --organization (AUDIT_ORGANIZATION=true)",
                error(Map.of(), Map.of("AUDIT_ORGANIZATION", "false", "AUDIT_EXCLUDE_ACCOUNTS", "444455556666")));
    }

    @Test
    void excludingAccountsFromAListSuggestsLeavingThemOutOfTheList() {
        assertEquals("--exclude-accounts applies only with --organization (AUDIT_ORGANIZATION=true); with --accounts,"
                + " leave the accounts out of the list instead", error(Map.of(Setting.ACCOUNTS, "111122223333",
                Setting.EXCLUDE_ACCOUNTS, "444455556666"), Map.of()));
    }

    @Test
    void theWholeOrganizationAndAListTogetherIsAnErrorNamingBoth() {
        String error = error(Map.of(Setting.ORGANIZATION, Setting.switchedOn(), Setting.ACCOUNTS, "111122223333"),
                Map.of());
        assertTrue(error.startsWith("--organization and --accounts are both given; use one"), error);

        String mixed = error(Map.of(Setting.ACCOUNTS, "111122223333"), Map.of("AUDIT_ORGANIZATION", "true"));
        assertTrue(mixed.startsWith("AUDIT_ORGANIZATION and --accounts are both given"), mixed);
    }

    @Test
    void theMemberRoleFlagWithoutOrganizationModeIsAnError() {
        String error = error(Map.of(Setting.MEMBER_ROLE, "auditor"), Map.of());

        assertEquals("--member-role applies only with --organization or --accounts: a single-account audit assumes"
                + " no role", error);
    }

    @Test
    void theMemberRoleVariableAloneIsAcceptedSinceTheStackAlwaysSetsIt() {
        AuditSettings settings = environment(Map.of("AUDIT_MEMBER_ROLE", "bedrock-logging-auditor-member"));

        assertEquals(new AccountScope.ThisAccount(), settings.accounts());
    }

    @Test
    void theMemberRoleComesFromTheFlagOverTheVariableInEitherOrganizationMode() {
        Map<String, String> variable = Map.of("AUDIT_MEMBER_ROLE", "from-the-stack");

        assertEquals("audit+=,.@_-Role", AuditSettings.resolve(Map.of(Setting.ORGANIZATION, Setting.switchedOn(),
                Setting.MEMBER_ROLE, " audit+=,.@_-Role "), variable).memberRole());
        assertEquals("from-the-stack", AuditSettings.resolve(Map.of(Setting.ACCOUNTS, "444455556666"), variable)
                .memberRole());
        assertEquals("r".repeat(64), flags(Map.of(Setting.ACCOUNTS, "444455556666", Setting.MEMBER_ROLE,
                "r".repeat(64))).memberRole(), "IAM's longest role name");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"a/b", "/service-role/auditor", "arn:aws:iam::444455556666:role/auditor", "my role",
        "role*", " "})
    void aRoleNameIamWouldRefuseIsAnErrorNamingTheFlag(String name) {
        String error = error(Map.of(Setting.ORGANIZATION, Setting.switchedOn(), Setting.MEMBER_ROLE, name), Map.of());

        assertTrue(error.startsWith("--member-role is '" + name + "', which is not an IAM role name; expected 1 to 64"
                + " letters, digits or + = , . @ _ - (no path)"), error);
    }

    @Test
    void aRoleNameOver64CharactersIsAnErrorNamingTheVariable() {
        String name = "r".repeat(65);
        String error = error(Map.of(), Map.of("AUDIT_ORGANIZATION", "true", "AUDIT_MEMBER_ROLE", name));

        assertTrue(error.startsWith("AUDIT_MEMBER_ROLE is '" + name + "', which is not an IAM role name"), error);
    }

    @Test
    void anEmptyMemberRoleVariableCountsAsUnset() {
        assertEquals(AuditSettings.DEFAULT_MEMBER_ROLE, environment(Map.of("AUDIT_ORGANIZATION", "true",
                "AUDIT_MEMBER_ROLE", "  ")).memberRole());
    }

    @Test
    void eachAccountOfAnOrganizationRunSendsNoAlertOfItsOwnAndOnlyTheOwnAccountChecksChangeDetection() {
        AuditSettings settings = environment(Map.of("AUDIT_ORGANIZATION", "true",
                "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:111122223333:alerts",
                "CHANGE_DETECTION_RULE", "bedrock-logging-auditor-changes"));

        AuditSettings member = settings.forAccountOfOrganization(false);
        assertEquals(Optional.empty(), member.alertTopic());
        assertEquals(Optional.empty(), member.changeDetectionRule());
        assertEquals(settings.accounts(), member.accounts());
        assertEquals(settings.regions(), member.regions());
        AuditSettings own = settings.forAccountOfOrganization(true);
        assertEquals(Optional.empty(), own.alertTopic());
        assertEquals(Optional.of("bedrock-logging-auditor-changes"), own.changeDetectionRule());
    }
}
