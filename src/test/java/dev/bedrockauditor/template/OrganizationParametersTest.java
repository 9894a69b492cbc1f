package dev.bedrockauditor.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.config.AccountScope;
import dev.bedrockauditor.config.AuditSettings;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.testing.Template;
import dev.bedrockauditor.testing.TemplateConditions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Organization mode's deployment inputs: template.yaml's parameters reach the function's settings as the
 * accounts to audit, the stack refuses the combinations the function would refuse, the function looks for the
 * role the member template creates, and each parameter's pattern takes the values a user gives and refuses the
 * mistakes it is there to catch.
 */
class OrganizationParametersTest {

    private static final Template TEMPLATE = Template.load();
    private static final Template MEMBER = Template.load(Path.of("src/cloudformation/member-role.yaml"));
    private static final Map<String, String> PHYSICAL_IDS = Map.of(
            "AlertTopic", "arn:aws:sns:us-east-1:111122223333:alerts");

    @Test
    void theFunctionReadsTheParametersAsTheAccountsToAudit() {
        AuditSettings defaults = settings(Map.of());
        assertEquals(new AccountScope.ThisAccount(), defaults.accounts(), "by default the stack audits its own account");
        assertEquals("bedrock-logging-auditor-member", defaults.memberRole());

        AccountScope organization = settings(Map.of("AuditOrganization", "true",
                "ExcludeAccounts", "111122223333, 444455556666")).accounts();
        assertTrue(organization instanceof AccountScope.Organization, "AuditOrganization=true: " + organization);
        assertEquals(List.of("111122223333", "444455556666"), ((AccountScope.Organization) organization).excluded(),
                "ExcludeAccounts, spaces and all, as the parameter's pattern allows");

        AuditSettings listed = settings(Map.of("AuditAccounts", "111122223333,444455556666",
                "MemberRoleName", "auditor-member"));
        assertTrue(listed.accounts() instanceof AccountScope.Listed, "AuditAccounts: " + listed.accounts());
        assertEquals(List.of("111122223333", "444455556666"), ((AccountScope.Listed) listed.accounts()).ids());
        assertEquals("auditor-member", listed.memberRole(), "MemberRoleName");
    }

    /**
     * For every combination of the three parameters, CloudFormation's evaluation of the template's rules and
     * conditions against the function's own reading of the environment the stack gives it: the stack deploys
     * exactly what the function would run, and grants the member-account permissions (AssumeRole, ListAccounts)
     * exactly when the function audits other accounts.
     */
    @Test
    void theStackAcceptsWhatTheFunctionAcceptsAndGrantsMemberAccessOnlyInOrganizationMode() {
        int refused = 0;
        for (String organization : List.of("true", "false")) {
            for (String accounts : List.of("", "111122223333")) {
                for (String excluded : List.of("", "444455556666")) {
                    Map<String, String> parameters = Map.of("AuditOrganization", organization, "AuditAccounts", accounts,
                            "ExcludeAccounts", excluded);
                    TemplateConditions stack = new TemplateConditions(TEMPLATE, parameters, "aws", "us-east-1");
                    AuditSettings settings = null;
                    ConfigurationException refusal = null;
                    try {
                        settings = settings(parameters);
                    } catch (ConfigurationException e) {
                        refusal = e;
                    }
                    assertEquals(refusal == null, stack.refusingRules().isEmpty(), parameters + ": the stack's rules refuse "
                            + stack.refusingRules() + "; the function says " + (refusal == null ? "fine" : refusal.getMessage()));
                    if (refusal == null) {
                        assertEquals(!(settings.accounts() instanceof AccountScope.ThisAccount),
                                stack.condition("OrganizationMode"), parameters + ": the function audits " + settings.accounts());
                    } else {
                        refused++;
                    }
                }
            }
        }
        assertEquals(4, refused, "the organization with a list of accounts, and exclusions without the organization,"
                + " each with and without the other parameter");
        assertEquals("OrganizationMode", TEMPLATE.resource("AuditMemberAccountsPolicy").path("Condition").asText(),
                "the member-account permissions exist only in organization mode");
    }

    @Test
    void theFunctionAssumesTheRoleNameTheMemberTemplateCreates() {
        assertEquals(MEMBER.parameter("RoleName").path("Default"), TEMPLATE.parameter("MemberRoleName").path("Default"),
                "by default the function assumes the role the member template creates");
        assertEquals(MEMBER.parameter("RoleName").path("AllowedPattern"),
                TEMPLATE.parameter("MemberRoleName").path("AllowedPattern"), "both accept the same role names");
    }

    @Test
    void accountListsAreEmptyOrTwelveDigitIdsSeparatedByCommas() {
        for (String parameter : List.of("AuditAccounts", "ExcludeAccounts")) {
            Pattern allowed = allowedPattern(TEMPLATE, parameter);
            for (String value : List.of("", "111122223333", "111122223333,444455556666",
                    "111122223333, 444455556666")) {
                assertTrue(allowed.matcher(value).matches(), parameter + " accepts '" + value + "'");
            }
            for (String value : List.of(" ", "11112222333", "1111222233334", "111122223333,",
                    "111122223333;444455556666", "o-a1b2c3d4e5")) {
                assertFalse(allowed.matcher(value).matches(), parameter + " refuses '" + value + "'");
            }
        }
    }

    @Test
    void theMemberTemplateTakesOnlyARoleArnAndAnOrganizationId() {
        Pattern role = allowedPattern(MEMBER, "AuditorRoleArn");
        for (String value : List.of("arn:aws:iam::111122223333:role/bedrock-logging-auditor-AuditorRole-AbC123",
                "arn:aws-cn:iam::111122223333:role/auditor", "arn:aws-us-gov:iam::111122223333:role/path/auditor")) {
            assertTrue(role.matcher(value).matches(), "AuditorRoleArn accepts " + value);
        }
        for (String value : List.of("arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:root",
                "arn:aws:sts::111122223333:assumed-role/auditor/session", "arn:aws:iam::11112222333:role/auditor",
                "111122223333")) {
            assertFalse(role.matcher(value).matches(), "AuditorRoleArn refuses " + value);
        }
        Pattern organization = allowedPattern(MEMBER, "OrganizationId");
        assertTrue(organization.matcher("o-a1b2c3d4e5").matches());
        for (String value : List.of("", "o-short", "r-a1b2", "ou-a1b2-c3d4e5f6", "111122223333")) {
            assertFalse(organization.matcher(value).matches(), "OrganizationId refuses '" + value + "'");
        }
    }

    /** The settings the function reads from the environment the stack gives it with these parameters. */
    private static AuditSettings settings(Map<String, String> parameters) {
        return AuditSettings.resolve(Map.of(), TEMPLATE.environment("AuditorFunction", parameters, PHYSICAL_IDS));
    }

    private static Pattern allowedPattern(Template template, String parameter) {
        String pattern = template.parameter(parameter).path("AllowedPattern").asText();
        assertFalse(pattern.isEmpty(), parameter + " has an AllowedPattern");
        return Pattern.compile(pattern);
    }
}
