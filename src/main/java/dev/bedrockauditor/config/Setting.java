package dev.bedrockauditor.config;

/** A setting that may come from a command-line flag or, failing that, an environment variable. */
public enum Setting {
    REGIONS("--regions", "AUDIT_REGIONS", "LIST",
            "Comma-separated regions to audit instead of discovering them, e.g. us-east-1,eu-west-1."),
    REQUIRED_DATA_TYPES("--required-data-types", "REQUIRED_DATA_TYPES", "LIST",
            "Data types that must be logged (default: all): TEXT,IMAGE,EMBEDDING,VIDEO,AUDIO."),
    MAX_CONCURRENCY("--max-concurrency", "AUDIT_MAX_CONCURRENCY", "N",
            "Regions read at the same time, 1 to 64 (default 8)."),
    ATTEMPT_TIMEOUT("--attempt-timeout", "AUDIT_ATTEMPT_TIMEOUT_SECONDS", "SECONDS",
            "Time limit for one HTTP attempt, 0.1 to 120 (default 5)."),
    CALL_TIMEOUT("--call-timeout", "AUDIT_CALL_TIMEOUT_SECONDS", "SECONDS",
            "Time limit for one AWS call including its retries, 0.1 to 600 (default 20)."),
    MIN_LOG_RETENTION_DAYS("--min-log-retention-days", "MIN_LOG_RETENTION_DAYS", "DAYS",
            "Shortest acceptable retention of the log group, 1 to 3653 days (default 90)."),
    FINDINGS_REGION("--findings-region", "FINDINGS_REGION", "REGION",
            "With --publish: import every finding into this region's Security Hub (default: each its own)."),
    ALERT_TOPIC_ARN("--topic-arn", "ALERT_TOPIC_ARN", "ARN",
            "With --publish: the SNS topic that receives the alert (default: no alert)."),
    ALERT_ON("--alert-on", "ALERT_ON", "WHEN",
            "With --publish: CHANGES (default), FAILURES, ALWAYS or NEVER.");

    private final String flag;
    private final String environmentVariable;
    private final String valueName;
    private final String help;

    Setting(String flag, String environmentVariable, String valueName, String help) {
        this.flag = flag;
        this.environmentVariable = environmentVariable;
        this.valueName = valueName;
        this.help = help;
    }

    public String flag() {
        return flag;
    }

    public String environmentVariable() {
        return environmentVariable;
    }

    public String valueName() {
        return valueName;
    }

    public String help() {
        return help;
    }
}
