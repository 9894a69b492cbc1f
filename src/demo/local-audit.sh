#!/usr/bin/env bash
# Try the auditor with no AWS account: start moto_server (the AWS API emulator) on a free loopback port,
# seed four regions (full logging to healthy destinations, partial logging to an SSE-S3 bucket, logging to a
# bucket that was deleted, none) and an SNS topic, run the packaged jar against it (on those four regions,
# unless --regions is given), stop the emulator. Extra arguments go to the auditor, e.g.:
#   src/demo/local-audit.sh --output json
#   src/demo/local-audit.sh --publish      (then the alert the topic received is printed too)
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/target/bedrock-logging-auditor.jar"

command -v moto_server >/dev/null || { echo "local-audit: moto_server is not on the PATH; install it with: pip install 'moto[server]==5.2.1'" >&2; exit 2; }
command -v python3 >/dev/null || { echo "local-audit: python3 is needed to seed the emulator" >&2; exit 2; }
python3 -c 'import boto3' 2>/dev/null || { echo "local-audit: python3 cannot import boto3 (moto installs it; use the same Python)" >&2; exit 2; }
[ -f "$jar" ] || { echo "local-audit: $jar is missing; build it first with: mvn -B package -DskipTests" >&2; exit 2; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:$port"
log="$(mktemp)"
moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 100); do
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$endpoint/moto-api/" \
    >/dev/null 2>&1 && break
  kill -0 "$moto_pid" 2>/dev/null || { echo "local-audit: moto_server failed to start:" >&2; cat "$log" >&2; exit 2; }
  sleep 0.1
done

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_ENDPOINT_URL="$endpoint"
unset AWS_PROFILE AWS_SESSION_TOKEN

python3 - "$endpoint" <<'PY'
import json
import sys
import boto3

endpoint = sys.argv[1]
def bedrock(region):
    return boto3.client("bedrock", region_name=region, endpoint_url=endpoint)

account = "123456789012"
s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=endpoint)
iam = boto3.client("iam", region_name="us-east-1", endpoint_url=endpoint)
logs = boto3.client("logs", region_name="us-east-1", endpoint_url=endpoint)

def key(region, statement):
    """A customer managed key the account administers, plus one grant to the service that writes a destination."""
    policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "AccountAdministers", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
         "Action": "kms:*", "Resource": "*"}, statement]}
    kms = boto3.client("kms", region_name=region, endpoint_url=endpoint)
    return kms.create_key(Policy=json.dumps(policy), Description="demo")["KeyMetadata"]["Arn"]

def bucket(name, region, prefix, kms):
    config = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    boto3.client("s3", region_name=region, endpoint_url=endpoint).create_bucket(Bucket=name, **config)
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "AmazonBedrockLogsWrite", "Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"},
        "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{name}/{prefix}AWSLogs/{account}/BedrockModelInvocationLogs/*",
        "Condition": {"StringEquals": {"aws:SourceAccount": account}}}]}))
    sse = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key(region, {
        "Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "kms:GenerateDataKey",
        "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": account}}})} if kms \
        else {"SSEAlgorithm": "AES256"}
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": sse}]})
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})

bucket("demo-bedrock-logs", "us-east-1", "invocations/", kms=True)
bucket("demo-bedrock-logs-eu", "eu-west-1", "", kms=False)
group = "/aws/bedrock/model-invocations"
logs.create_log_group(logGroupName=group, kmsKeyId=key("us-east-1", {
    "Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"},
    "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    "Resource": "*", "Condition": {"ArnEquals": {
        "kms:EncryptionContext:aws:logs:arn": f"arn:aws:logs:us-east-1:{account}:log-group:{group}"}}}))
logs.put_retention_policy(logGroupName="/aws/bedrock/model-invocations", retentionInDays=400)
iam.create_role(RoleName="BedrockInvocationLogging", AssumeRolePolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"},
    "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": account}}}]}))
iam.put_role_policy(RoleName="BedrockInvocationLogging", PolicyName="WriteInvocationLogs", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
    "Resource": f"arn:aws:logs:us-east-1:{account}:log-group:{group}:log-stream:aws/bedrock/modelinvocations"}]}))

everything = {f"{t}DataDeliveryEnabled": True for t in ("text", "image", "embedding", "video", "audio")}
bedrock("us-east-1").put_model_invocation_logging_configuration(loggingConfig={
    "s3Config": {"bucketName": "demo-bedrock-logs", "keyPrefix": "invocations/"},
    "cloudWatchConfig": {"logGroupName": "/aws/bedrock/model-invocations",
                         "roleArn": "arn:aws:iam::123456789012:role/BedrockInvocationLogging"},
    **everything})
bedrock("eu-west-1").put_model_invocation_logging_configuration(loggingConfig={
    "s3Config": {"bucketName": "demo-bedrock-logs-eu"},
    "textDataDeliveryEnabled": True, "imageDataDeliveryEnabled": False, "embeddingDataDeliveryEnabled": True})
# Configured, but the bucket is gone: Bedrock records nothing here although the setting says "enabled".
bedrock("eu-central-1").put_model_invocation_logging_configuration(loggingConfig={
    "s3Config": {"bucketName": "demo-bedrock-logs-deleted"}, **everything})
sns = boto3.client("sns", region_name="us-east-1", endpoint_url=endpoint)
sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=endpoint)
topic = sns.create_topic(Name="bedrock-logging-alerts")["TopicArn"]
queue = sqs.create_queue(QueueName="bedrock-logging-alerts-inbox")["QueueUrl"]
queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
print("Seeded moto at %s: us-east-1 full logging to healthy destinations, eu-west-1 text and embeddings"
      " only to a bucket with SSE-S3 only, eu-central-1 to a bucket that does not exist, us-west-2 none;"
      " alert topic %s." % (endpoint, topic), file=sys.stderr)
PY
export ALERT_TOPIC_ARN="arn:aws:sns:us-east-1:123456789012:bedrock-logging-alerts"

# The seeded regions, unless the arguments name regions themselves.
regions=(--regions us-east-1,eu-west-1,eu-central-1,us-west-2)
for arg in "$@"; do
  case "$arg" in --regions|--regions=*) regions=() ;; esac
done

set +e
# Guarded: macOS's bash 3.2 takes an empty "${regions[@]}" for an unset variable under set -u.
java -jar "$jar" ${regions[@]+"${regions[@]}"} "$@"
status=$?
set -e

for arg in "$@"; do
  if [ "$arg" = "--publish" ]; then
    python3 - "$endpoint" <<'PY'
import json
import sys
import boto3

sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=sys.argv[1])
queue = sqs.get_queue_url(QueueName="bedrock-logging-alerts-inbox")["QueueUrl"]
messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
if not messages:
    print("\n(no alert was sent)", file=sys.stderr)
for message in messages:
    envelope = json.loads(message["Body"])
    print("\n--- alert received by the topic ---", file=sys.stderr)
    print("Subject: " + envelope.get("Subject", ""), file=sys.stderr)
    print(envelope["Message"], file=sys.stderr)
PY
  fi
done
echo "local-audit: the auditor exited with status $status" >&2
exit "$status"
