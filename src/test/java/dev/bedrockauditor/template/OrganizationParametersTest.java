package dev.bedrockauditor.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.testing.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Organization mode's deployment inputs: template.yaml's parameters reach the function as its AUDIT_*
 * variables, the function looks for the role the member template creates, and each parameter's pattern takes
 * the values a user gives and refuses the mistakes it is there to catch.
 */
class OrganizationParametersTest {

    private static final Template TEMPLATE = Template.load();
    private static final Template MEMBER = Template.load(Path.of("src/cloudformation/member-role.yaml"));
    private static final Map<String, String> PHYSICAL_IDS = Map.of(
            "AlertTopic", "arn:aws:sns:us-east-1:111122223333:alerts");

    @Test
    void theParametersReachTheFunctionAsItsOrganizationVariables() {
        Map<String, String> defaults = TEMPLATE.environment("AuditorFunction", Map.of(), PHYSICAL_IDS);
        assertEquals("false", defaults.get("AUDIT_ORGANIZATION"),
                "AUDIT_ORGANIZATION from AuditOrganization's default");
        assertEquals("", defaults.get("AUDIT_ACCOUNTS"), "AUDIT_ACCOUNTS empty (unset) by default");
        assertEquals("", defaults.get("AUDIT_EXCLUDE_ACCOUNTS"), "AUDIT_EXCLUDE_ACCOUNTS empty (unset) by default");
        assertEquals("bedrock-logging-auditor-member", defaults.get("AUDIT_MEMBER_ROLE"),
                "AUDIT_MEMBER_ROLE from MemberRoleName's default");

        Map<String, String> given = TEMPLATE.environment("AuditorFunction", Map.of("AuditOrganization", "true",
                "AuditAccounts", "111122223333,444455556666", "ExcludeAccounts", "777788889999",
                "MemberRoleName", "auditor-member"), PHYSICAL_IDS);
        assertEquals("true", given.get("AUDIT_ORGANIZATION"), "AUDIT_ORGANIZATION from AuditOrganization");
        assertEquals("111122223333,444455556666", given.get("AUDIT_ACCOUNTS"), "AUDIT_ACCOUNTS from AuditAccounts");
        assertEquals("777788889999", given.get("AUDIT_EXCLUDE_ACCOUNTS"),
                "AUDIT_EXCLUDE_ACCOUNTS from ExcludeAccounts");
        assertEquals("auditor-member", given.get("AUDIT_MEMBER_ROLE"), "AUDIT_MEMBER_ROLE from MemberRoleName");
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

    private static Pattern allowedPattern(Template template, String parameter) {
        String pattern = template.parameter(parameter).path("AllowedPattern").asText();
        assertFalse(pattern.isEmpty(), parameter + " has an AllowedPattern");
        return Pattern.compile(pattern);
    }
}
