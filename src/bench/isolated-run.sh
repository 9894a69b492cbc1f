# Sourced by the benchmarks (latency.sh, organization.sh), never run: what every benchmark run stands in.
#
#   isolate_run NAME   (with log_dir already set from -o, or empty)
# makes a work directory and, unless given, a log directory named after NAME; stops the processes whose ids
# the script keeps in moto_pid and proxy_pid, and removes the work directory, when the script ends; and leaves
# an environment that never reaches a real account (dummy credentials, no profile or shared files, no
# endpoint of one service elsewhere) with none of the auditor's own settings, so the run measured is the
# default one plus the script's arguments.

stop() { # stop PID: end a process this script started, and reap it
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

isolate_run() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/bedrock-auditor-$1-work.XXXXXX")"
  [ -n "$log_dir" ] || log_dir="$(mktemp -d "${TMPDIR:-/tmp}/bedrock-auditor-$1.XXXXXX")"
  mkdir -p "$log_dir"
  log_dir="$(cd "$log_dir" && pwd)"
  moto_pid=""
  proxy_pid=""
  trap 'stop "$proxy_pid"; stop "$moto_pid"; rm -rf "$work"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE
  unset AUDIT_REGIONS REQUIRED_DATA_TYPES MIN_LOG_RETENTION_DAYS AUDIT_MAX_CONCURRENCY AUDIT_ATTEMPT_TIMEOUT_SECONDS \
    AUDIT_CALL_TIMEOUT_SECONDS FINDINGS_REGION ALERT_TOPIC_ARN ALERT_ON CHANGE_DETECTION_RULE AUDIT_ORGANIZATION \
    AUDIT_ACCOUNTS AUDIT_EXCLUDE_ACCOUNTS AUDIT_MEMBER_ROLE
  local name
  while read -r name; do unset "$name"; done < <(compgen -e | grep '^AWS_ENDPOINT_URL_' || true)
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
  export AWS_CONFIG_FILE="$work/no-aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/no-aws-credentials"
}
