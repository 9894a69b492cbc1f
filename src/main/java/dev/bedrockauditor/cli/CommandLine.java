package dev.bedrockauditor.cli;

import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.config.Setting;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line: {@code --flag value} or {@code --flag=value}.
 *
 * @param settings values of flags that have an environment-variable twin
 * @param archiveOtherRegions whether a run limited with --regions may archive the findings of other regions
 */
record CommandLine(Map<Setting, String> settings, OutputFormat output, boolean publish, boolean archiveOtherRegions,
        boolean help) {

    static final String OUTPUT_FLAG = "--output";
    static final String PUBLISH_FLAG = "--publish";
    static final String ARCHIVE_FLAG = "--archive-other-regions";
    /** What only a publishing run uses: where findings go and how the alert is sent. */
    private static final Set<Setting> PUBLISH_ONLY = Set.of(Setting.FINDINGS_REGION, Setting.ALERT_TOPIC_ARN,
            Setting.ALERT_ON);
    static final String HELP_FLAG = "--help";

    CommandLine {
        settings = Map.copyOf(settings);
    }

    static CommandLine parse(String... args) {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        OutputFormat output = null;
        Set<String> switches = new HashSet<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                flag = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (flag.equals(HELP_FLAG) || flag.equals("-h")) {
                requireNoValue(flag, value);
                help = true;
                continue;
            }
            if (flag.equals(PUBLISH_FLAG) || flag.equals(ARCHIVE_FLAG)) {
                requireNoValue(flag, value);
                if (!switches.add(flag)) {
                    throw givenTwice(flag);
                }
                continue;
            }
            Setting setting = settingFor(flag);
            if (setting != null && setting.isSwitch()) {
                requireNoValue(flag, value);
                if (settings.put(setting, Setting.switchedOn()) != null) {
                    throw givenTwice(flag);
                }
                continue;
            }
            if (!flag.equals(OUTPUT_FLAG) && setting == null) {
                Setting previous = i > 0 ? settingFor(args[i - 1]) : null;
                if (previous != null && previous.isSwitch() && !arg.startsWith("-")) {
                    throw new ConfigurationException(previous.flag() + " takes no value; remove '" + arg + "'");
                }
                throw new ConfigurationException("unknown option '" + arg + "'; run with --help to see the options");
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new ConfigurationException("option " + flag + " needs a value");
                }
                value = args[++i];
            }
            if (flag.equals(OUTPUT_FLAG)) {
                if (output != null) {
                    throw givenTwice(OUTPUT_FLAG);
                }
                String given = value;
                output = OutputFormat.parse(value).orElseThrow(() -> new ConfigurationException(
                        OUTPUT_FLAG + " is '" + given + "'; accepted: " + OutputFormat.acceptedNames()));
            } else if (settings.put(settingFor(flag), value) != null) {
                throw givenTwice(flag);
            }
        }
        boolean publish = switches.contains(PUBLISH_FLAG);
        boolean archive = switches.contains(ARCHIVE_FLAG);
        if (archive && !help && (!publish || !settings.containsKey(Setting.REGIONS))) {
            // Without both it would change nothing: say so rather than accept a flag that does nothing.
            throw new ConfigurationException(ARCHIVE_FLAG + " applies only with --publish and --regions: a run limited"
                    + " with --regions archives no other region's findings unless it is given");
        }
        if (!publish && !help) {
            // Only flags: a variable may be set for every run (a shared CI environment, the stack's function), but a
            // flag asks for this run, and without --publish it would do nothing.
            for (Setting setting : PUBLISH_ONLY) {
                if (settings.containsKey(setting)) {
                    throw new ConfigurationException(setting.flag() + " applies only with " + PUBLISH_FLAG
                            + ": without it the command imports no finding and sends no alert");
                }
            }
        }
        return new CommandLine(settings, output == null ? OutputFormat.TABLE : output, publish, archive, help);
    }

    private static void requireNoValue(String flag, String value) {
        if (value != null) {
            throw new ConfigurationException(flag + " takes no value; remove '=" + value + "'");
        }
    }

    /** Which of two values is meant is a guess, so neither wins. */
    private static ConfigurationException givenTwice(String flag) {
        return new ConfigurationException("option " + flag + " is given twice");
    }

    private static Setting settingFor(String flag) {
        for (Setting setting : Setting.values()) {
            if (setting.flag().equals(flag)) {
                return setting;
            }
        }
        return null;
    }

    static String usage() {
        StringBuilder text = new StringBuilder();
        String nl = System.lineSeparator();
        text.append("Usage: src/bin/bedrock-logging-auditor [options]   (or java -jar target/bedrock-logging-auditor.jar)")
                .append(nl).append(nl)
                .append("Checks Amazon Bedrock model invocation logging in every region of the account that the")
                .append(nl)
                .append("usual AWS credentials belong to (AWS_PROFILE, AWS_REGION, ...), or in every account of its")
                .append(nl)
                .append("organization with --organization or --accounts. Read-only unless --publish.")
                .append(nl)
                .append(nl).append("Options (each also read from the environment variable shown):").append(nl);
        for (Setting setting : Setting.values()) {
            String usage = setting.isSwitch() ? setting.flag() : setting.flag() + " " + setting.valueName();
            text.append(String.format("  %-32s %s%n  %-32s env %s%n",
                    usage, setting.help(), "", setting.environmentVariable()));
        }
        text.append(String.format("  %-32s %s%n", PUBLISH_FLAG,
                        "Import the findings into Security Hub CSPM and send the SNS alert (otherwise nothing is written)."))
                .append(String.format("  %-32s %s%n  %-32s %s%n", ARCHIVE_FLAG,
                        "With --publish and --regions: also archive the findings of regions not listed (a run limited",
                        "", "with --regions alone is a spot check and leaves them as they are)."))
                .append(String.format("  %-32s %s%n", OUTPUT_FLAG + " table|json|asff",
                        "A table for people (default), one JSON document, or the findings in ASFF."))
                .append(String.format("  %-32s %s%n", HELP_FLAG, "Print this help."))
                .append(nl)
                .append("Exit status: 0 every finding PASSED; 1 a control FAILED or WARNING; 2 usage or configuration error,")
                .append(nl)
                .append("or something could not be checked; 3 with --publish, a finding or the alert was not delivered.")
                .append(nl);
        return text.toString();
    }
}
