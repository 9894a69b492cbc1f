#!/usr/bin/env bash
# Latency benchmark: how many round trips a full auditor run waits for one after the other.
#
# Starts moto_server on a free loopback port and, for each delay L, runs the auditor against it through
# delay-proxy.py, which adds L to every request, over the whole seeded account (seed-account.py: every
# Bedrock region of the aws partition logging to a healthy bucket, and an SNS topic) with
#   --publish --topic-arn arn:aws:sns:us-east-1:123456789012:bench --output json
# Before every run moto is reset and reseeded, so every run is a first publish. Each run is timed with GNU
# time: wall seconds, CPU seconds (user + system), peak RSS; then the medians per way and delay, and the
# latency multiplier k = (median wall at L - median wall at L=0) / L: the number of round trips the run
# waits for in sequence (with enough concurrency, about the depth of its chain of dependent calls).
#
# Two ways to start the JVM are measured, interleaved run by run: "launcher" (src/bin/bedrock-logging-auditor,
# lean JVM options, plus BEDROCK_AUDITOR_JAVA_OPTS if set) and "java-jar" (plain java -jar, no options).
# A third, "sdk-floor", is the floor under them: SdkFloor.java makes the same AWS calls on the auditor's own
# clients and threads with none of the auditor's work between them, with the launcher's JVM options and a
# class archive of its own; what the launcher costs above it is the auditor's work.
# A warm-up run comes first, printed but not counted: it warms moto up and, after deleting the launcher's
# class archives in target/, has the launcher record a new one from a full run (unless BEDROCK_AUDITOR_CDS=off);
# with sdk-floor, a second warm-up records the floor's archive.
# The proxy logs every request (see delay-proxy.py) to LOG_DIR/requests-WAY-L<ms>-run<n>.tsv, kept after
# the run with the auditor's output; the requests per service of the last run at each L are printed, and
#   src/bench/proxy-log-summary.py FILE --operations --timeline 100
# shows one run's operations and its waves of calls.
#
# Usage: src/bench/latency.sh [-n RUNS] [-l MS[,MS...]] [-w WAY[,WAY]] [-c] [-o LOG_DIR] [-- AUDITOR ARGS...]
#   -n RUNS   runs per way and delay (default 3)
#   -l MS     delays in milliseconds (default 0,200; k needs 0 among them)
#   -w WAYS   launcher, java-jar and/or sdk-floor, comma-separated (default launcher,java-jar)
#   -c        the heaviest account instead (seed-account.py --cloudwatch): every region also logs to CloudWatch
#             Logs through a role and sends large data to a second bucket (not with sdk-floor, which makes
#             the calls of the S3-only account)
#   -o DIR    where to keep the request logs and outputs (default: a new directory under $TMPDIR or /tmp)
#   -- ARGS   more auditor arguments for launcher and java-jar, e.g. -- --max-concurrency 16; sdk-floor takes
#             none: it always makes a full run's calls, the alert included (as -- --alert-on ALWAYS does)
# Needs: a built jar (mvn -B package -DskipTests), java (JAVA_HOME or the PATH), moto_server 5.2.1,
# python3 with boto3, GNU time at /usr/bin/time. Never talks to AWS: dummy credentials, no profile, and
# AWS_ENDPOINT_URL always set (to moto for seeding, to the proxy for the auditor).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/target/bedrock-logging-auditor.jar"
launcher="$root/src/bin/bedrock-logging-auditor"
topic="arn:aws:sns:us-east-1:123456789012:bench"

# Asked for (exit 0): the usage on stdout, so it can be paged; after a bad argument: on stderr.
usage() {
  text() { sed -n '/^# Usage:/,/^# AWS_ENDPOINT_URL always/p' "$0" | sed 's/^# \{0,1\}//'; }
  if [ "${1:-2}" = 0 ]; then text; else text >&2; fi
  exit "${1:-2}"
}
fail() { echo "latency: $*" >&2; exit 2; }

runs=3
latencies=(0 200)
ways=(launcher java-jar)
log_dir=""
seed_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) [ $# -ge 2 ] || usage; runs="$2"; shift 2 ;;
    -l) [ $# -ge 2 ] || usage; IFS=, read -r -a latencies <<<"$2"; shift 2 ;;
    -w) [ $# -ge 2 ] || usage; IFS=, read -r -a ways <<<"$2"; shift 2 ;;
    -o) [ $# -ge 2 ] || usage; log_dir="$2"; shift 2 ;;
    -c) seed_args=(--cloudwatch); shift ;;
    --) shift; break ;;
    -h|--help) usage 0 ;;
    *) echo "latency: unknown argument '$1'" >&2; usage ;;
  esac
done
extra_args=("$@")
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || fail "-n wants a positive number of runs, not '$runs'"
[ ${#latencies[@]} -gt 0 ] || fail "-l wants delays in milliseconds, e.g. 0,200"
for latency in "${latencies[@]}"; do
  [[ "$latency" =~ ^[0-9]+$ ]] || fail "-l wants whole milliseconds separated by commas, not '$latency'"
done
[ ${#ways[@]} -gt 0 ] || fail "-w wants launcher, java-jar and/or sdk-floor, e.g. launcher,java-jar"
for way in "${ways[@]}"; do
  case "$way" in launcher|java-jar|sdk-floor) ;; *) fail "-w wants launcher, java-jar or sdk-floor, not '$way'" ;; esac
  if [ "$way" = sdk-floor ] && [ ${#seed_args[@]} -gt 0 ]; then
    fail "-c and sdk-floor do not go together: the floor makes the calls of the S3-only account"
  fi
done

# Tools, up front.
command -v python3 >/dev/null || fail "python3 is needed (for the proxy and seeding); install Python 3"
python3 -c 'import boto3' 2>/dev/null || fail "python3 cannot import boto3; moto installs it: pip install 'moto[server]==5.2.1'"
command -v moto_server >/dev/null || fail "moto_server is not on the PATH; install it with: pip install 'moto[server]==5.2.1'"
/usr/bin/time --version 2>&1 | grep -q GNU || fail "GNU time is needed at /usr/bin/time; on Debian/Ubuntu: apt-get install time"
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java="$(command -v java || true)"; fi
if [ -z "$java" ] || [ ! -x "$java" ]; then fail "java is needed: install Java 17 or newer, or set JAVA_HOME"; fi
[ -f "$jar" ] || fail "$jar is missing; build it first with: (cd '$root' && mvn -B package -DskipTests)"
[ -x "$launcher" ] || fail "$launcher is missing or not executable"
# The floor runs with the launcher's JVM options for one account; each must still be the launcher's.
floor_options=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -Xmn8m -Djdk.nio.maxCachedBufferSize=0)
if [ "$(uname -m)" = x86_64 ]; then floor_options+=(-XX:StackShadowPages=10); fi
for option in "${floor_options[@]}"; do
  grep -qF -- "$option" "$launcher" || fail "the launcher no longer uses $option: update floor_options in $0"
done
if [[ " ${ways[*]} " == *" sdk-floor "* ]]; then
  javac="$(dirname "$java")/javac"
  jar_tool="$(dirname "$java")/jar"
  [ -x "$javac" ] && [ -x "$jar_tool" ] || fail "sdk-floor needs javac and jar beside $java (a JDK, not a JRE)"
fi

# shellcheck source=src/bench/isolated-run.sh
. "$here/isolated-run.sh"
isolate_run latency
if [[ " ${ways[*]} " == *" sdk-floor "* ]]; then
  # In a jar: a class archive takes no directory on the class path.
  "$javac" --release 17 -cp "$jar" -d "$work/sdk-floor" "$here/SdkFloor.java" || fail "SdkFloor.java does not compile"
  "$jar_tool" --create --file "$work/sdk-floor.jar" -C "$work/sdk-floor" .
fi

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
moto_port="$(free_port)"
moto="http://127.0.0.1:$moto_port"
# Until the proxy runs, AWS_ENDPOINT_URL points at moto itself (only the seeding talks to it directly).
export AWS_ENDPOINT_URL="$moto"
moto_server -H 127.0.0.1 -p "$moto_port" >"$log_dir/moto_server.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 100); do
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$moto/moto-api/" \
    >/dev/null 2>&1 && break
  kill -0 "$moto_pid" 2>/dev/null || { cat "$log_dir/moto_server.log" >&2; fail "moto_server failed to start"; }
  sleep 0.1
done

results="$log_dir/results.tsv"
printf 'way\tlatency_ms\trun\twall_s\tcpu_s\trss_mb\texit\trequests\taudited\n' >"$results"
echo "latency: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$java" -version 2>&1 | head -n 1)"
echo "latency: launcher: src/bin/bedrock-logging-auditor, BEDROCK_AUDITOR_JAVA_OPTS='${BEDROCK_AUDITOR_JAVA_OPTS:-}' BEDROCK_AUDITOR_CDS=${BEDROCK_AUDITOR_CDS:-on}"
echo "latency: auditor arguments: --publish --topic-arn $topic --output json ${extra_args[*]:-}"
if [[ " ${ways[*]} " == *" sdk-floor "* ]]; then
  echo "latency: sdk-floor takes none of them: it always makes a full run's calls, the alert included (as --alert-on ALWAYS)"
fi
echo "latency: logs and outputs in $log_dir"

run_once() { # run_once WAY LATENCY RUN: RUN "warm-up" is printed but left out of the medians
  local way="$1" latency="$2" run="$3" name proxy_port stats elapsed user system rss_kb status requests
  name="$way-L$latency-run$run"
  seeded="$(python3 "$here/seed-account.py" "$moto" "${seed_args[@]}")"
  rm -f "$work/proxy-port" "$log_dir/requests-$name.tsv"
  python3 "$here/delay-proxy.py" --upstream "$moto" --delay-ms "$latency" --log "$log_dir/requests-$name.tsv" \
    --port-file "$work/proxy-port" >/dev/null 2>>"$log_dir/proxy-stderr.log" &
  proxy_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$work/proxy-port" ] && break
    kill -0 "$proxy_pid" 2>/dev/null || { cat "$log_dir/proxy-stderr.log" >&2; fail "delay-proxy.py failed to start"; }
    sleep 0.05
  done
  [ -s "$work/proxy-port" ] || fail "delay-proxy.py did not start listening"
  proxy_port="$(cat "$work/proxy-port")"
  local command=("$java" -jar "$jar" --publish --topic-arn "$topic" --output json "${extra_args[@]}")
  if [ "$way" = launcher ]; then command=("$launcher" "${command[@]:3}"); fi
  if [ "$way" = sdk-floor ]; then
    local archive=(-XX:SharedArchiveFile="$work/sdk-floor.jsa")
    [ "$run" = warm-up ] && archive=(-XX:ArchiveClassesAtExit="$work/sdk-floor.jsa" "-Xlog:cds*=off")
    command=("$java" "${floor_options[@]}" "${archive[@]}" -cp "$jar:$work/sdk-floor.jar" SdkFloor "$topic")
  fi
  stats="$work/time"
  set +e
  AWS_ENDPOINT_URL="http://127.0.0.1:$proxy_port" /usr/bin/time -f '%e %U %S %M' -o "$stats" \
    "${command[@]}" >"$log_dir/output-$name.json" 2>"$log_dir/stderr-$name.log"
  status=$?
  set -e
  stop "$proxy_pid"
  proxy_pid=""
  read -r elapsed user system rss_kb < <(tail -n 1 "$stats")
  requests="$(wc -l <"$log_dir/requests-$name.tsv")"
  local audited
  audited="$(python3 -c 'import json, sys
try: print(len(json.load(open(sys.argv[1]))["regions"]))
except Exception: print("-")' "$log_dir/output-$name.json")"
  local cpu rss_mb
  cpu="$(python3 -c "print('%.2f' % ($user + $system))")"
  rss_mb=$((rss_kb / 1024))
  printf '%-9s %-6s %-7s %-7s %-6s %-7s %-5s %-9s %s\n' "$way" "$latency" "$run" "$elapsed" "$cpu" "$rss_mb" \
    "$status" "$requests" "$audited"
  [ "$run" = warm-up ] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$way" "$latency" "$run" "$elapsed" "$cpu" \
    "$rss_mb" "$status" "$requests" "$audited" >>"$results"
}

printf '%-9s %-6s %-7s %-7s %-6s %-7s %-5s %-9s %s\n' WAY L_MS RUN WALL_S CPU_S RSS_MB EXIT REQUESTS AUDITED
# One run first, left out of the medians: it warms moto up, and makes the launcher record its class archive
# (see src/bin/bedrock-logging-auditor) from this very run, not from whatever run came first after the
# build: that run is slower and larger, and an archive of a smaller run would leave classes out.
if [[ " ${ways[*]} " == *" launcher "* ]]; then
  rm -f "$root"/target/bedrock-logging-auditor-*.jsa
  run_once launcher 0 warm-up
fi
if [[ " ${ways[*]} " == *" sdk-floor "* ]]; then
  run_once sdk-floor 0 warm-up
fi
if [[ " ${ways[*]} " != *" launcher "* && " ${ways[*]} " != *" sdk-floor "* ]]; then
  run_once "${ways[0]}" 0 warm-up
fi
echo "(warm-up: ${seeded} regions seeded; not counted below)"

for latency in "${latencies[@]}"; do
  for run in $(seq 1 "$runs"); do
    for way in "${ways[@]}"; do
      run_once "$way" "$latency" "$run"
    done
  done
done

echo
echo "Medians over $runs run(s); k = (wall at L - wall at L=0) / L, from the medians:"
python3 - "$results" <<'PY'
import collections
import csv
import statistics
import sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
groups = collections.OrderedDict()
for row in rows:
    groups.setdefault((row["way"], int(row["latency_ms"])), []).append(row)
median = lambda rows, key: statistics.median(float(r[key]) for r in rows)
print("%-9s %-6s %-7s %-6s %-6s %-7s %s" % ("WAY", "L_MS", "WALL_S", "K", "CPU_S", "RSS_MB", "EXITS"))
for (way, latency), runs in groups.items():
    wall = median(runs, "wall_s")
    base = groups.get((way, 0))
    k = "-" if latency == 0 or not base else "%.1f" % ((wall - median(base, "wall_s")) / (latency / 1000.0))
    print("%-9s %-6d %-7.2f %-6s %-6.2f %-7.0f %s" % (way, latency, wall, k, median(runs, "cpu_s"),
                                                      median(runs, "rss_mb"), ",".join(r["exit"] for r in runs)))
PY

for latency in "${latencies[@]}"; do
  name="${ways[0]}-L$latency-run$runs"
  echo
  echo "Requests per service, $name ($log_dir/requests-$name.tsv):"
  python3 "$here/proxy-log-summary.py" "$log_dir/requests-$name.tsv"
done
