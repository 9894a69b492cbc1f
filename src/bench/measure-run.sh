#!/usr/bin/env bash
# Measures one full auditor run (every Bedrock region of the partition, then --publish: read earlier
# findings, import, alert) against a local moto_server: wall-clock time, CPU time (user + system) and peak
# memory (RSS) of the JVM, for each heap size given. Every region logs to a healthy bucket, so each run
# also reads every destination; the exit status should be 0 (or 3 if publishing failed). This is how the Lambda's memory size and timeout were chosen (README,
# "Memory and timeout"). Usage: src/bench/measure-run.sh [runs per heap] [heap sizes in MB...]
#   e.g. src/bench/measure-run.sh 5 64 128 256
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/target/bedrock-logging-auditor.jar"
runs="${1:-5}"
shift || true
heaps=("${@:-64 128 256}")
[ -f "$jar" ] || { echo "measure-run: build the jar first: mvn -B package -DskipTests" >&2; exit 2; }
command -v moto_server >/dev/null || { echo "measure-run: moto_server is not on the PATH" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "measure-run: GNU time (/usr/bin/time) is needed" >&2; exit 2; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:$port"
moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$endpoint/moto-api/" >/dev/null 2>&1 && break; sleep 0.1; done

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_ENDPOINT_URL="$endpoint"
unset AWS_PROFILE AWS_SESSION_TOKEN
topic="arn:aws:sns:us-east-1:123456789012:bench"

# Every Bedrock region logs to its own healthy bucket, so each run also reads every destination.
seed() {
  python3 - "$endpoint" <<'PY'
import json
import sys
import boto3

endpoint, account = sys.argv[1], "123456789012"
boto3.client("sns", region_name="us-east-1", endpoint_url=endpoint).create_topic(Name="bench")
s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=endpoint)
for region in boto3.session.Session().get_available_regions("bedrock"):
    bucket = "bench-logs-" + region
    config = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    boto3.client("s3", region_name=region, endpoint_url=endpoint).create_bucket(Bucket=bucket, **config)
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Statement": [{"Effect": "Allow",
        "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{bucket}/*", "Condition": {"StringEquals": {"aws:SourceAccount": account}}}]}))
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "k"}}]})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": True,
        "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    boto3.client("bedrock", region_name=region, endpoint_url=endpoint).put_model_invocation_logging_configuration(
        loggingConfig={"s3Config": {"bucketName": bucket}, **{f"{t}DataDeliveryEnabled": True
                       for t in ("text", "image", "embedding", "video", "audio")}})
PY
}

printf '%-8s %-5s %-10s %-10s %-11s %s\n' "heap_mb" "run" "elapsed_s" "cpu_s" "max_rss_mb" "exit"
for heap in ${heaps[@]}; do
  for run in $(seq 1 "$runs"); do
    curl -sf -X POST "$endpoint/moto-api/reset" >/dev/null
    seed
    stats="$(mktemp)"
    set +e
    /usr/bin/time -f '%e %U %S %M' -o "$stats" java -Xmx"${heap}m" -XX:+UseSerialGC -jar "$jar" --publish \
      --topic-arn "$topic" --output json >/dev/null 2>&1
    status=$?
    set -e
    read -r elapsed user system rss_kb < <(tail -n 1 "$stats")
    rm -f "$stats"
    cpu="$(python3 -c "print(round($user + $system, 2))")"
    printf '%-8s %-5s %-10s %-10s %-11s %s\n' "$heap" "$run" "$elapsed" "$cpu" "$((rss_kb / 1024))" "$status"
  done
done
