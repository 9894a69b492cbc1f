#!/usr/bin/env bash
# Measures one full auditor run (every Bedrock region of the partition, then --publish: read earlier
# findings, import, alert) against a local moto_server: wall-clock time, CPU time (user + system) and peak
# memory (RSS) of the JVM (java -Xmx<heap>m -XX:+UseSerialGC -jar), for each heap size given. Every region
# logs to a healthy bucket (seed-account.py), so each run also reads every destination; the exit status
# should be 0 (or 3 if publishing failed). For the effect of network latency, and the launcher against plain
# java -jar, see latency.sh beside it (README, "Memory and timeout").
# Usage: src/bench/measure-run.sh [RUNS [HEAP_MB...]]
#   RUNS      runs per heap size (default 5)
#   HEAP_MB   heap sizes in MB, each run's -Xmx (default 64 128 256)
#   e.g. src/bench/measure-run.sh 5 64 128 256
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/target/bedrock-logging-auditor.jar"

# Asked for (exit 0): the usage on stdout, so it can be paged; after a bad argument: on stderr.
usage() {
  text() { sed -n '/^# Usage:/,/^#   e\.g\./p' "$0" | sed 's/^# \{0,1\}//'; }
  if [ "${1:-2}" = 0 ]; then text; else text >&2; fi
  exit "${1:-2}"
}
fail() { echo "measure-run: $*" >&2; exit 2; }

for arg in "$@"; do
  case "$arg" in
    -h|--help) usage 0 ;;
    -*) echo "measure-run: unknown argument '$arg'" >&2; usage ;;
  esac
done
runs="${1:-5}"
shift || true
heaps=("$@")
[ ${#heaps[@]} -gt 0 ] || heaps=(64 128 256)
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || fail "RUNS wants a positive number of runs per heap size, not '$runs'"
for heap in "${heaps[@]}"; do
  [[ "$heap" =~ ^[1-9][0-9]*$ ]] || fail "HEAP_MB wants a heap size in whole MB, e.g. 128, not '$heap'"
done
command -v python3 >/dev/null || fail "python3 is needed; install Python 3"
install_moto="pip install 'moto[server]==5.2.1'"
python3 -c 'import boto3' 2>/dev/null || fail "python3 cannot import boto3; moto installs it: $install_moto"
command -v moto_server >/dev/null || fail "moto_server is not on the PATH; install it with: $install_moto"
/usr/bin/time --version 2>&1 | grep -q GNU \
  || fail "GNU time is needed at /usr/bin/time; on Debian/Ubuntu: apt-get install time"
command -v java >/dev/null || fail "java is not on the PATH; install Java 17 or newer"
[ -f "$jar" ] || fail "build the jar first: mvn -B package -DskipTests"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:$port"
stats="$(mktemp)"
moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; rm -f "$stats"' EXIT
for _ in $(seq 1 100); do
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$endpoint/moto-api/" \
    >/dev/null 2>&1 && break
  sleep 0.1
done

unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_ENDPOINT_URL="$endpoint"
topic="arn:aws:sns:us-east-1:123456789012:bench"

printf '%-8s %-5s %-10s %-10s %-11s %s\n' "heap_mb" "run" "elapsed_s" "cpu_s" "max_rss_mb" "exit"
for heap in "${heaps[@]}"; do
  for run in $(seq 1 "$runs"); do
    python3 "$here/seed-account.py" "$endpoint" >/dev/null  # resets moto first: every run is a first publish
    set +e
    /usr/bin/time -f '%e %U %S %M' -o "$stats" java -Xmx"${heap}m" -XX:+UseSerialGC -jar "$jar" --publish \
      --topic-arn "$topic" --output json >/dev/null 2>&1
    status=$?
    set -e
    read -r elapsed user system rss_kb < <(tail -n 1 "$stats")
    cpu="$(python3 -c "print(round($user + $system, 2))")"
    printf '%-8s %-5s %-10s %-10s %-11s %s\n' "$heap" "$run" "$elapsed" "$cpu" "$((rss_kb / 1024))" "$status"
  done
done
