package dev.bedrockauditor.config;

/**
 * A setting that may come from a command-line flag or, failing that, an environment variable. Each row
 * declares what it accepts, with its bounds and default; parsing and the help text both read them there.
 */
public enum Setting {
    REGIONS("--regions", "AUDIT_REGIONS", "LIST",
            "Comma-separated regions to audit, %s.", new RegionNames("discover them")),
    REQUIRED_DATA_TYPES("--required-data-types", "REQUIRED_DATA_TYPES", "LIST",
            "Data types that must be logged: %s.", new DataTypeNames()),
    MAX_CONCURRENCY("--max-concurrency", "AUDIT_MAX_CONCURRENCY", "N",
            "Regions read at the same time (each with all its destinations at once), %s.",
            new WholeNumber(1, 64, 64)),
    ATTEMPT_TIMEOUT("--attempt-timeout", "AUDIT_ATTEMPT_TIMEOUT_SECONDS", "SECONDS",
            "Time limit for one HTTP attempt, %s.", new Seconds("0.1", "120", "5")),
    CALL_TIMEOUT("--call-timeout", "AUDIT_CALL_TIMEOUT_SECONDS", "SECONDS",
            "Time limit for one AWS call including its retries, %s.", new Seconds("0.1", "600", "20")),
    /** 90 days is the retention AWS's own setup guide gives the log group; 3653 is CloudWatch Logs' longest. */
    MIN_LOG_RETENTION_DAYS("--min-log-retention-days", "MIN_LOG_RETENTION_DAYS", "DAYS",
            "Shortest acceptable retention of the log group in days, %s.", new WholeNumber(1, 3653, 90)),
    FINDINGS_REGION("--findings-region", "FINDINGS_REGION", "REGION",
            "With --publish: import every finding into this region's Security Hub CSPM %s.", new RegionName("each its own")),
    ALERT_TOPIC_ARN("--topic-arn", "ALERT_TOPIC_ARN", "ARN",
            "With --publish: the SNS topic that receives the alert %s.", new SnsTopic("no alert")),
    ALERT_ON("--alert-on", "ALERT_ON", "WHEN",
            "With --publish: %s.", new Choice<>(AlertOn.class, AlertOn.CHANGES)),
    /**
     * The stack's EventBridge rule in its home region and the forwarder's rule in every other region share this
     * name; unset, the change-detection control does not run, so a plain audit keeps its five controls.
     */
    CHANGE_DETECTION_RULE("--change-detection-rule", "CHANGE_DETECTION_RULE", "NAME",
            "EventBridge rule that carries Bedrock logging changes in each audited region; checks that it is enabled"
                    + " there and that a CloudTrail trail feeds it %s.", new RuleName("not checked")),
    ORGANIZATION("--organization", "AUDIT_ORGANIZATION", null,
            "Audit every ACTIVE account of the organization (organizations:ListAccounts), each through its member"
                    + " role %s.", new Switch()),
    ACCOUNTS("--accounts", "AUDIT_ACCOUNTS", "IDS",
            "Audit these accounts of the organization, each through its member role %s.",
            new AccountIds("only the credentials' own account")),
    EXCLUDE_ACCOUNTS("--exclude-accounts", "AUDIT_EXCLUDE_ACCOUNTS", "IDS",
            "With --organization: accounts not to audit %s.", new AccountIds("none")),
    MEMBER_ROLE("--member-role", "AUDIT_MEMBER_ROLE", "NAME",
            "With --organization or --accounts: the role assumed in each member account %s.",
            new RoleName(AuditSettings.DEFAULT_MEMBER_ROLE));

    private final String flag;
    private final String environmentVariable;
    private final String valueName;
    private final String description;
    private final SettingKind<?> kind;

    /** @param description the help, with {@code %s} where the kind says what it accepts and the default */
    Setting(String flag, String environmentVariable, String valueName, String description, SettingKind<?> kind) {
        this.flag = flag;
        this.environmentVariable = environmentVariable;
        this.valueName = valueName;
        this.description = description;
        this.kind = kind;
    }

    public String flag() {
        return flag;
    }

    public String environmentVariable() {
        return environmentVariable;
    }

    /** What the flag's value is called in the help; null for a switch, which takes none. */
    public String valueName() {
        return valueName;
    }

    /** Whether the flag is given alone, without a value (its variable still says true or false). */
    public boolean isSwitch() {
        return kind instanceof Switch;
    }

    /** The value a switch given on the command line stands for. */
    public static String switchedOn() {
        return Switch.ON;
    }

    /** One line for the usage text, with the accepted values and the default. */
    public String help() {
        return String.format(description, kind.describe());
    }

    SettingKind<?> kind() {
        return kind;
    }
}
