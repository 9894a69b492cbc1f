package dev.bedrockauditor.config;

import dev.bedrockauditor.domain.DataType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The audit's settings, checked once up front.
 *
 * @param regions the regions named by the user, if any, and the input they came from
 * @param attemptTimeout limit for one HTTP attempt
 * @param callTimeout limit for one AWS call, retries included
 * @param minLogRetentionDays the shortest retention accepted for a CloudWatch Logs destination
 * @param findingsRegion the one Security Hub region to import into, if set, and the input it came from
 * @param alertTopic the SNS topic for alerts, if any
 * @param changeDetectionRule the EventBridge rule that carries logging changes in each region; empty when the
 *     change-detection control is not run
 * @param accounts which accounts to audit
 * @param memberRole the role assumed in each member account in organization mode
 */
public record AuditSettings(
        Optional<RegionList> regions,
        Set<DataType> requiredDataTypes,
        int maxConcurrency,
        Duration attemptTimeout,
        Duration callTimeout,
        int minLogRetentionDays,
        Optional<NamedRegion> findingsRegion,
        Optional<TopicArn> alertTopic,
        AlertOn alertOn,
        Optional<String> changeDetectionRule,
        AccountScope accounts,
        String memberRole) {

    /** The role name member-role.yaml creates. */
    public static final String DEFAULT_MEMBER_ROLE = "bedrock-logging-auditor-member";

    /**
     * A region named by the user.
     *
     * @param inputName the flag or variable, for error messages
     * @param typed the name as the user typed it, quoted in errors so they find it in what they wrote
     */
    public record NamedRegion(String name, String inputName, String typed) {
        public NamedRegion(String name, String inputName) {
            this(name, inputName, name);
        }
    }

    /**
     * Regions named by the user.
     *
     * @param inputName the flag or variable, for error messages
     * @param typed each name as the user typed it, for errors
     */
    public record RegionList(List<String> names, String inputName, Map<String, String> typed) {
        public RegionList {
            names = List.copyOf(names);
            typed = Map.copyOf(typed);
        }

        public RegionList(List<String> names, String inputName) {
            this(names, inputName, names.stream().collect(java.util.stream.Collectors.toMap(n -> n, n -> n)));
        }

        /** A name as the user typed it. */
        public String typed(String name) {
            return typed.getOrDefault(name, name);
        }
    }

    public AuditSettings {
        requiredDataTypes = Set.copyOf(EnumSet.copyOf(requiredDataTypes));
    }

    /**
     * The settings for one account's part of an organization run: the run sends one alert for every account, so
     * no account alerts on its own; only the auditor's own account has the change-detection rule, unless
     * {@code keepChangeDetection}.
     */
    public AuditSettings forAccountOfOrganization(boolean keepChangeDetection) {
        return new AuditSettings(regions, requiredDataTypes, maxConcurrency, attemptTimeout, callTimeout,
                minLogRetentionDays, findingsRegion, Optional.empty(), alertOn,
                keepChangeDetection ? changeDetectionRule : Optional.empty(), accounts, memberRole);
    }

    /** The defaults that the {@link Setting} rows declare: discover regions, require every data type, ... */
    public static AuditSettings defaults() {
        return resolve(Map.of(), Map.of());
    }

    /**
     * Reads every setting from its flag, or else its environment variable (an empty variable counts as
     * unset, as SAM passes an empty parameter), or else its default.
     *
     * @param flags values given on the command line
     * @throws ConfigurationException naming the first bad input
     */
    public static AuditSettings resolve(Map<Setting, String> flags, Map<String, String> environment) {
        SettingInputs inputs = new SettingInputs(flags, environment);
        Optional<RegionList> regions = inputs.value(Setting.REGIONS, RegionNames.class);
        Set<DataType> types = inputs.value(Setting.REQUIRED_DATA_TYPES, DataTypeNames.class);
        int concurrency = inputs.value(Setting.MAX_CONCURRENCY, WholeNumber.class);
        Duration attempt = inputs.value(Setting.ATTEMPT_TIMEOUT, Seconds.class);
        Duration call = inputs.value(Setting.CALL_TIMEOUT, Seconds.class);
        if (call.compareTo(attempt) < 0) {
            throw new ConfigurationException(inputs.nameOf(Setting.CALL_TIMEOUT) + " (" + Seconds.text(call)
                    + "s) must be at least " + inputs.nameOf(Setting.ATTEMPT_TIMEOUT) + " (" + Seconds.text(attempt)
                    + "s): one call includes at least one attempt");
        }
        int minRetention = inputs.value(Setting.MIN_LOG_RETENTION_DAYS, WholeNumber.class);
        Optional<NamedRegion> findingsRegion = inputs.value(Setting.FINDINGS_REGION, RegionName.class);
        Optional<TopicArn> topic = inputs.value(Setting.ALERT_TOPIC_ARN, SnsTopic.class);
        AlertOn alertOn = inputs.choice(Setting.ALERT_ON, AlertOn.class);
        Optional<String> changeDetectionRule = inputs.value(Setting.CHANGE_DETECTION_RULE, RuleName.class);
        return new AuditSettings(regions, types, concurrency, attempt, call, minRetention, findingsRegion, topic,
                alertOn, changeDetectionRule, accounts(inputs), inputs.value(Setting.MEMBER_ROLE, RoleName.class));
    }

    /** The account scope; flags that contradict each other are refused rather than one silently winning. */
    private static AccountScope accounts(SettingInputs inputs) {
        boolean organization = inputs.value(Setting.ORGANIZATION, Switch.class);
        Optional<List<String>> listed = inputs.value(Setting.ACCOUNTS, AccountIds.class);
        Optional<List<String>> excluded = inputs.value(Setting.EXCLUDE_ACCOUNTS, AccountIds.class);
        if (organization && listed.isPresent()) {
            throw new ConfigurationException(inputs.nameOf(Setting.ORGANIZATION) + " and "
                    + inputs.nameOf(Setting.ACCOUNTS) + " are both given; use one: the whole organization, or the"
                    + " accounts listed");
        }
        if (excluded.isPresent() && !organization) {
            throw new ConfigurationException(inputs.nameOf(Setting.EXCLUDE_ACCOUNTS) + " applies only with "
                    + Setting.ORGANIZATION.flag() + " (" + Setting.ORGANIZATION.environmentVariable() + "=true)"
                    + (listed.isPresent() ? "; with " + inputs.nameOf(Setting.ACCOUNTS) + ", leave the accounts out of"
                            + " the list instead" : ""));
        }
        if (organization) {
            return new AccountScope.Organization(excluded.orElse(List.of()), inputs.nameOf(Setting.ORGANIZATION),
                    inputs.nameOf(Setting.EXCLUDE_ACCOUNTS));
        }
        if (listed.isPresent()) {
            return new AccountScope.Listed(listed.get(), inputs.nameOf(Setting.ACCOUNTS));
        }
        // Only the flag: the stack sets AUDIT_MEMBER_ROLE in every deployment, organization mode or not.
        if (inputs.nameOf(Setting.MEMBER_ROLE).equals(Setting.MEMBER_ROLE.flag())) {
            throw new ConfigurationException(inputs.nameOf(Setting.MEMBER_ROLE) + " applies only with "
                    + Setting.ORGANIZATION.flag() + " or " + Setting.ACCOUNTS.flag() + ": a single-account audit"
                    + " assumes no role");
        }
        return new AccountScope.ThisAccount();
    }
}
