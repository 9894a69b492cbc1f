#!/usr/bin/env bash
# Organization benchmark: what one --organization run costs per account, and how many round trips it waits.
#
# Starts moto_server on a free loopback port. For each number of accounts N and each delay L, it seeds an
# organization (seed-organization.py: the management account 123456789012 and N-1 member accounts, every
# audited region of every account logging to a healthy bucket, and an SNS topic), then runs
#   java [JVM OPTIONS] -jar target/bedrock-logging-auditor.jar --organization --regions R --publish \
#     --topic-arn arn:aws:sns:us-east-1:123456789012:bench --output json [-- ARGS]
# through delay-proxy-keys.py (delay-proxy.py adding L to every request, its log also naming each request's
# access key). moto is reset and reseeded before every run, so every run is a first publish. Each run is
# timed with GNU time: wall seconds, CPU seconds of the JVM (user + system), peak RSS; beside them the CPU
# seconds moto and the proxy spent (the emulator shares the 2 cores with the JVM, so at L=0 the wall time is
# mostly the emulator's), and the requests: in all, of the management account (its audit and the
# organization's calls: ListAccounts, AssumeRole per member, SNS, the member-accounts finding) and per
# member account (median), each request's access key mapped to its account by organization-requests.py.
# Then medians per N and L, the latency multiplier k = (median wall at L - median wall at L=0) / L (round
# trips waited for one after the other), and per account: CPU and wall per account, and the marginal cost
# of one more account, (median at N - median at the smallest N) / (N - smallest N).
#
# The default regions are a fixed list of 4 (us-east-1,us-west-2,eu-west-1,ap-northeast-1) for every N, so
# N=100 stays tractable on 2 cores; --all-regions audits every Bedrock region of the aws partition (32),
# discovered by the auditor as in a default run. A run starts every account at once, and moto, one Python
# process, queues or resets connections under that first burst: from about N=30 with all regions (N=100 with
# 4), calls then time out at the default 5 s attempt timeout or fail once with a 502 from the proxy. The
# README's figures pass -- --attempt-timeout 60 --call-timeout 300 so that every run completes; the EXIT
# column says whether one did (3: a finding or the alert was not delivered).
#
# Usage: src/bench/organization.sh [-a N[,N...]] [-l MS[,MS...]] [-n RUNS] [-r REGIONS | --all-regions]
#                                  [-j 'JVM OPTIONS'] [-o LOG_DIR] [-- AUDITOR ARGS...]
#   -a N,...       accounts per organization, the management account included (default 1,10,100)
#   -l MS,...      delays in milliseconds (default 0,200; k needs 0 among them)
#   -n RUNS        runs per N and delay (default 3)
#   -r REGIONS     comma-separated Bedrock regions of the aws partition audited in every account
#                  (default us-east-1,us-west-2,eu-west-1,ap-northeast-1)
#   --all-regions  every Bedrock region of the aws partition instead
#   -j OPTS        JVM options before -jar, e.g. '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC' as on Lambda
#                  (default none: plain java -jar)
#   -o DIR         where to keep request logs, outputs and results.tsv (default: a new directory in /tmp)
#   -- ARGS        more auditor arguments, e.g. -- --max-concurrency 16
# Needs: java 17+, python3 with boto3, moto_server 5.2.1, GNU time at /usr/bin/time; builds the jar with
# mvn -B -q package -DskipTests if it is missing. Never talks to AWS: dummy credentials, no profile, and
# AWS_ENDPOINT_URL always set (to moto for seeding, to the proxy for the auditor).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/target/bedrock-logging-auditor.jar"
topic="arn:aws:sns:us-east-1:123456789012:bench"

# Asked for (exit 0): the usage on stdout, so it can be paged; after a bad argument: on stderr.
usage() {
  text() { sed -n '/^# Usage:/,/^# AWS_ENDPOINT_URL always/p' "$0" | sed 's/^# \{0,1\}//'; }
  if [ "${1:-2}" = 0 ]; then text; else text >&2; fi
  exit "${1:-2}"
}
fail() { echo "organization: $*" >&2; exit 2; }

sizes=(1 10 100)
latencies=(0 200)
runs=3
regions="us-east-1,us-west-2,eu-west-1,ap-northeast-1"
jvm_opts=""
log_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    -a) [ $# -ge 2 ] || usage; IFS=, read -r -a sizes <<<"$2"; shift 2 ;;
    -l) [ $# -ge 2 ] || usage; IFS=, read -r -a latencies <<<"$2"; shift 2 ;;
    -n) [ $# -ge 2 ] || usage; runs="$2"; shift 2 ;;
    -r) [ $# -ge 2 ] || usage; regions="$2"; shift 2 ;;
    --all-regions) regions=all; shift ;;
    -j) [ $# -ge 2 ] || usage; jvm_opts="$2"; shift 2 ;;
    -o) [ $# -ge 2 ] || usage; log_dir="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) usage 0 ;;
    *) echo "organization: unknown argument '$1'" >&2; usage ;;
  esac
done
extra_args=("$@")
read -r -a jvm_args <<<"$jvm_opts"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || fail "-n wants a positive number of runs, not '$runs'"
[ ${#sizes[@]} -gt 0 ] || fail "-a wants account counts, e.g. 1,10,100"
[ ${#latencies[@]} -gt 0 ] || fail "-l wants delays in milliseconds, e.g. 0,200"
for n in "${sizes[@]}"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || fail "-a wants account counts of 1 or more, not '$n'"; done
for l in "${latencies[@]}"; do [[ "$l" =~ ^[0-9]+$ ]] || fail "-l wants whole milliseconds, not '$l'"; done
[[ "$regions" =~ ^(all|[a-z0-9-]+(,[a-z0-9-]+)*)$ ]] || fail "-r wants comma-separated regions, not '$regions'"
region_args=()
[ "$regions" = all ] || region_args=(--regions "$regions")  # all: the auditor's own discovery, as a full run

command -v python3 >/dev/null || fail "python3 is needed (seeding, proxy); install Python 3"
python3 -c 'import boto3' 2>/dev/null || fail "python3 cannot import boto3; moto installs it: pip install 'moto[server]==5.2.1'"
if [ "$regions" != all ]; then  # the regions seed-organization.py seeds for "all": boto3's for Bedrock
  unknown="$(python3 -c 'import sys, boto3
known = boto3.session.Session().get_available_regions("bedrock")
print(next((r for r in sys.argv[1].split(",") if r not in known), ""))' "$regions")"
  [ -z "$unknown" ] || fail "-r wants Bedrock regions of the aws partition (as boto3 knows them), not '$unknown'"
fi
command -v moto_server >/dev/null || fail "moto_server is not on the PATH; install it with: pip install 'moto[server]==5.2.1'"
/usr/bin/time --version 2>&1 | grep -q GNU || fail "GNU time is needed at /usr/bin/time; on Debian/Ubuntu: apt-get install time"
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java="$(command -v java || true)"; fi
{ [ -n "$java" ] && [ -x "$java" ]; } || fail "java is needed: install Java 17 or newer, or set JAVA_HOME"
if [ ! -f "$jar" ]; then
  echo "organization: $jar is missing; building it (mvn -B -q package -DskipTests)" >&2
  (cd "$root" && mvn -B -q package -DskipTests) || fail "the build failed"
fi

# shellcheck source=src/bench/isolated-run.sh
. "$here/isolated-run.sh"
isolate_run organization

wait_for() { # wait_for PID WHAT COMMAND...: until COMMAND succeeds, while PID lives (10 s at most)
  local pid="$1" what="$2"
  shift 2
  for _ in $(seq 1 100); do
    "$@" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || fail "$what exited (see $log_dir)"
    sleep 0.1
  done
  fail "$what did not start in 10 s"
}
cpu_seconds() { # cpu_seconds PID: user + system CPU of a live process, all its threads
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck }' "/proc/$1/stat"
}

moto_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
moto="http://127.0.0.1:$moto_port"
export AWS_ENDPOINT_URL="$moto"  # the seeding's; the auditor's points at the proxy
moto_server -H 127.0.0.1 -p "$moto_port" >"$log_dir/moto_server.log" 2>&1 &
moto_pid=$!
wait_for "$moto_pid" moto_server python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
  "$moto/moto-api/"

results="$log_dir/results.tsv"
printf 'accounts\tlatency_ms\trun\twall_s\tcpu_s\trss_mb\texit\taudited\tregions\trequests\tmanagement\tper_member\temulator_cpu_s\tseed_s\n' \
  >"$results"
echo "organization: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$java" -version 2>&1 | head -n 1)"
echo "organization: java ${jvm_opts:+$jvm_opts }-jar $jar --organization ${region_args[*]:-(the regions it discovers)} --publish --topic-arn $topic --output json ${extra_args[*]:-}"
echo "organization: logs and outputs in $log_dir"
columns='%-5s %-5s %-7s %-7s %-6s %-6s %-4s %-7s %-7s %-8s %-6s %-7s %-7s %s\n'
printf "$columns" N L_MS RUN WALL_S CPU_S RSS_MB EXIT ACCTS REGIONS REQUESTS MGMT MEMBER EMU_CPU SEED_S

run_once() { # run_once N LATENCY RUN: RUN "warm-up" is printed but left out of the medians
  local accounts="$1" latency="$2" run="$3" name seed_started seed_s proxy_port status
  local elapsed user system rss_kb moto_cpu proxy_cpu emulator_cpu audited audited_regions
  name="N$accounts-L$latency-run$run"
  seed_started="$(date +%s.%N)"
  python3 "$here/seed-organization.py" "$moto" "$accounts" "$regions" >/dev/null
  seed_s="$(python3 -c "import time; print('%.0f' % (time.time() - $seed_started))")"

  rm -f "$work/proxy-port"
  python3 "$here/delay-proxy-keys.py" --upstream "$moto" --delay-ms "$latency" --log "$log_dir/requests-$name.tsv" \
    --port-file "$work/proxy-port" >/dev/null 2>>"$log_dir/proxy-stderr.log" &
  proxy_pid=$!
  wait_for "$proxy_pid" delay-proxy-keys.py test -s "$work/proxy-port"
  proxy_port="$(cat "$work/proxy-port")"
  moto_cpu="$(cpu_seconds "$moto_pid")"
  set +e
  AWS_ENDPOINT_URL="http://127.0.0.1:$proxy_port" /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
    "$java" "${jvm_args[@]}" -jar "$jar" --organization "${region_args[@]}" --publish --topic-arn "$topic" \
    --output json "${extra_args[@]}" >"$log_dir/output-$name.json" 2>"$log_dir/stderr-$name.log"
  status=$?
  set -e
  moto_cpu="$(python3 -c "print('%.1f' % ($(cpu_seconds "$moto_pid") - $moto_cpu))")"
  proxy_cpu="$(cpu_seconds "$proxy_pid")"
  stop "$proxy_pid"
  proxy_pid=""
  emulator_cpu="$(python3 -c "print('%.1f' % ($moto_cpu + $proxy_cpu))")"
  read -r elapsed user system rss_kb < <(tail -n 1 "$work/time")
  read -r audited audited_regions < <(python3 -c 'import json, sys
try:
    summary = json.load(open(sys.argv[1]))["summary"]
    print(summary["accountsAudited"], summary["regionsAudited"])
except Exception:
    print("- -")' "$log_dir/output-$name.json")
  # Before the next seeding resets moto: it maps the log's access keys to accounts.
  read -r requests _ management per_member _ _ < <(python3 "$here/organization-requests.py" --tsv \
    "$log_dir/requests-$name.tsv" "$moto")
  local cpu rss_mb
  cpu="$(python3 -c "print('%.2f' % ($user + $system))")"
  rss_mb=$((rss_kb / 1024))
  printf "$columns" "$accounts" "$latency" "$run" "$elapsed" "$cpu" "$rss_mb" "$status" "$audited" \
    "$audited_regions" "$requests" "$management" "$per_member" "$emulator_cpu" "$seed_s"
  [ "$run" = warm-up ] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$accounts" "$latency" \
    "$run" "$elapsed" "$cpu" "$rss_mb" "$status" "$audited" "$audited_regions" "$requests" "$management" \
    "$per_member" "$emulator_cpu" "$seed_s" >>"$results"
}

# One small run first, not counted: it warms moto up and brings the jar into the page cache.
run_once 1 0 warm-up
for accounts in "${sizes[@]}"; do
  for run in $(seq 1 "$runs"); do
    for latency in "${latencies[@]}"; do  # delays interleaved, so a change of load hits both alike
      run_once "$accounts" "$latency" "$run"
    done
  done
done

echo
echo "Medians over $runs run(s). k = (wall at L - wall at L=0) / L. Per account: median / N; marginal: the"
echo "cost of one more account, (median at N - median at the smallest N) / (N - smallest N), at the same L."
python3 - "$results" <<'PY'
import collections
import csv
import statistics
import sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
groups = collections.OrderedDict()
for row in rows:
    groups.setdefault((int(row["accounts"]), int(row["latency_ms"])), []).append(row)
def median(runs, key):
    values = [float(r[key]) for r in runs if r[key] not in ("", "-")]
    return statistics.median(values) if values else float("nan")
smallest = min(n for n, _ in groups)
print("%-5s %-5s %-7s %-5s %-6s %-6s %-8s %-7s %-9s %-9s %-9s %-9s %s" % (
    "N", "L_MS", "WALL_S", "K", "CPU_S", "RSS_MB", "REQUESTS", "MEMBER", "WALL/ACCT", "CPU/ACCT", "+WALL/ACCT",
    "+CPU/ACCT", "EXITS"))
for (n, latency), runs in groups.items():
    wall, cpu = median(runs, "wall_s"), median(runs, "cpu_s")
    base = groups.get((n, 0))
    k = "-" if latency == 0 or not base else "%.1f" % ((wall - median(base, "wall_s")) / (latency / 1000.0))
    first = groups.get((smallest, latency))
    marginal = lambda key: ("-" if n == smallest or not first
                            else "%.3f" % ((median(runs, key) - median(first, key)) / (n - smallest)))
    print("%-5d %-5d %-7.2f %-5s %-6.2f %-6.0f %-8.0f %-7s %-9.3f %-9.3f %-9s %-9s %s" % (
        n, latency, wall, k, cpu, median(runs, "rss_mb"), median(runs, "requests"),
        "%g" % median(runs, "per_member") if n > 1 else "-", wall / n, cpu / n, marginal("wall_s"),
        marginal("cpu_s"), ",".join(r["exit"] for r in runs)))
PY
last="N${sizes[-1]}-L${latencies[-1]}-run$runs"
echo
echo "Requests per service of $last ($log_dir/requests-$last.tsv):"
python3 "$here/proxy-log-summary.py" "$log_dir/requests-$last.tsv"
