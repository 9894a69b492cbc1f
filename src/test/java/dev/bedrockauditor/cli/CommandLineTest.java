package dev.bedrockauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.config.Setting;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {

    @Test
    void noArgumentsMeansTableOutputAndNoSettings() {
        CommandLine command = CommandLine.parse();

        assertEquals(OutputFormat.TABLE, command.output());
        assertEquals(Map.of(), command.settings());
        assertFalse(command.help());
    }

    @Test
    void valuesMayFollowTheFlagOrAnEqualsSign() {
        CommandLine command = CommandLine.parse("--regions", "us-east-1,eu-west-1", "--output=json",
                "--required-data-types=TEXT", "--max-concurrency", "4", "--attempt-timeout", "1",
                "--call-timeout=3");

        assertEquals(OutputFormat.JSON, command.output());
        assertEquals(Map.of(Setting.REGIONS, "us-east-1,eu-west-1", Setting.REQUIRED_DATA_TYPES, "TEXT",
                Setting.MAX_CONCURRENCY, "4", Setting.ATTEMPT_TIMEOUT, "1", Setting.CALL_TIMEOUT, "3"),
                command.settings());
    }

    @Test
    void publishIsAFlagWithoutValueAndAsffIsAnOutput() {
        CommandLine command = CommandLine.parse("--publish", "--output", "asff", "--topic-arn",
                "arn:aws:sns:us-east-1:111122223333:alerts", "--alert-on=ALWAYS", "--findings-region", "us-east-1");

        assertTrue(command.publish());
        assertEquals(OutputFormat.ASFF, command.output());
        assertEquals(Map.of(Setting.ALERT_TOPIC_ARN, "arn:aws:sns:us-east-1:111122223333:alerts",
                Setting.ALERT_ON, "ALWAYS", Setting.FINDINGS_REGION, "us-east-1"), command.settings());
        assertFalse(CommandLine.parse().publish(), "read-only unless asked");
        assertTrue(CommandLine.parse("--help", "--topic-arn", "arn:aws:sns:us-east-1:111122223333:alerts").help(),
                "help is shown whatever else is given");
        assertFalse(CommandLine.parse("--publish", "--regions", "eu-west-1").archiveOtherRegions(),
                "a run limited with --regions is a spot check");
        assertTrue(CommandLine.parse("--publish", "--regions", "eu-west-1", "--archive-other-regions")
                .archiveOtherRegions());
    }

    @Test
    void helpIsRecognisedAndListsEveryFlagAndVariable() {
        assertTrue(CommandLine.parse("--help").help());
        assertTrue(CommandLine.parse("-h").help());
        String usage = CommandLine.usage();
        for (Setting setting : Setting.values()) {
            assertTrue(usage.contains(setting.flag()), setting.flag());
            assertTrue(usage.contains(setting.environmentVariable()), setting.environmentVariable());
            assertTrue(usage.contains(setting.help()), setting.help());
        }
        assertTrue(usage.contains("--output table|json|asff"));
        assertTrue(usage.contains("--publish"));
        // AWS calls the product that takes ASFF findings Security Hub CSPM; "Security Hub" is now another one.
        assertTrue(usage.contains("Import the findings into Security Hub CSPM"), usage);
        assertFalse(usage.matches("(?is).*security hub(?! cspm).*"), usage);
    }

    @Test
    void helpMayComeWithOtherFlags() {
        CommandLine command = CommandLine.parse("--publish", "--output", "json", "--help", "--regions", "us-east-1");

        assertTrue(command.help());
        assertEquals(OutputFormat.JSON, command.output());
    }

    @Test
    void organizationIsASwitchWithoutValueAndTheAccountFlagsTakeOne() {
        CommandLine command = CommandLine.parse("--organization", "--exclude-accounts", "444455556666",
                "--member-role=auditor");

        assertEquals(Map.of(Setting.ORGANIZATION, "true", Setting.EXCLUDE_ACCOUNTS, "444455556666",
                Setting.MEMBER_ROLE, "auditor"), command.settings());
        assertEquals(Map.of(Setting.ACCOUNTS, "111122223333,444455556666"),
                CommandLine.parse("--accounts=111122223333,444455556666").settings());
    }

    @Test
    void theUsageListsOrganizationWithoutAValueAndTheAccountFlagsWithTheirs() {
        String usage = CommandLine.usage();

        assertTrue(usage.lines().anyMatch(line -> line.matches("  --organization {2,}Audit every ACTIVE account of the"
                + " organization .*")), usage);
        assertFalse(usage.contains("--organization null"), usage);
        assertTrue(usage.contains("  --accounts IDS "), usage);
        assertTrue(usage.contains("  --exclude-accounts IDS "), usage);
        assertTrue(usage.contains("  --member-role NAME "), usage);
        assertTrue(usage.contains("env AUDIT_ORGANIZATION"), usage);
        assertTrue(Setting.ORGANIZATION.help().contains("the variable takes true or false"), Setting.ORGANIZATION.help());
        assertTrue(Setting.MEMBER_ROLE.help().contains("(default: bedrock-logging-auditor-member"),
                Setting.MEMBER_ROLE.help());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--region us-east-1|unknown option '--region'; run with --help to see the options",
        "audit|unknown option 'audit'",
        "--regions|option --regions needs a value",
        "--regions --output json|option --regions needs a value",
        "--output xml|--output is 'xml'; accepted: table, json, asff",
        "--publish=yes|--publish takes no value; remove '=yes'",
        "--help=all|--help takes no value; remove '=all'",
        "--regions us-east-1 --regions eu-west-1|option --regions is given twice",
        "--alert-on=NEVER --alert-on NEVER|option --alert-on is given twice",
        "--output json --output=table|option --output is given twice",
        "--output json --output json|option --output is given twice",
        "--publish --regions us-east-1 --publish|option --publish is given twice",
        "--archive-other-regions --regions us-east-1|--archive-other-regions applies only with --publish and --regions",
        "--publish --archive-other-regions|--archive-other-regions applies only with --publish and --regions",
        "--topic-arn arn:aws:sns:us-east-1:111122223333:alerts|--topic-arn applies only with --publish: without it the command imports no finding and sends no alert",
        "--regions us-east-1 --alert-on ALWAYS|--alert-on applies only with --publish",
        "--findings-region=us-east-1 --output json|--findings-region applies only with --publish",
        "--publish --regions us-east-1 --archive-other-regions=yes|--archive-other-regions takes no value",
        "--publish --regions eu-west-1 --archive-other-regions --archive-other-regions|option --archive-other-regions is given twice",
        "--organization --organization|option --organization is given twice",
        "--organization --regions us-east-1 --organization|option --organization is given twice",
        "--organization=yes|--organization takes no value; remove '=yes'",
        "--organization=true|--organization takes no value; remove '=true'",
        "--organization=|--organization takes no value; remove '='",
        "--organization true|--organization takes no value; remove 'true'",
        "--accounts|option --accounts needs a value",
        "--accounts --organization|option --accounts needs a value",
        "--accounts 111122223333 --accounts=444455556666|option --accounts is given twice",
        "--exclude-accounts|option --exclude-accounts needs a value",
        "--member-role --organization|option --member-role needs a value",
    })
    void badCommandLinesAreErrorsNamingTheFlag(String args, String message) {
        ConfigurationException error =
                assertThrows(ConfigurationException.class, () -> CommandLine.parse(args.split(" ")));

        assertTrue(error.getMessage().startsWith(message), error.getMessage());
    }
}
