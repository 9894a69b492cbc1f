#!/usr/bin/env python3
"""Resets a moto_server and seeds the benchmarks' account: every Bedrock region of the aws partition (as
boto3 knows them) logs all five data types to its own healthy bucket (ACLs off, SSE-KMS with a key of the
region whose policy lets Bedrock use it, a policy that lets Bedrock write, public access blocked, versioned),
so an audit reads every destination and its key; plus the SNS topic
arn:aws:sns:us-east-1:123456789012:bench for the alert.
With --cloudwatch, the heaviest account: each region also logs to CloudWatch Logs, a log group encrypted with
the region's key and kept 90 days, through a role of its own (trusting Bedrock, an inline policy to write to
the group and a managed one attached), and sends large data to a second healthy bucket; so an audit also reads
the log group, the role and its policies, and a second bucket.
Usage: seed-account.py ENDPOINT [--cloudwatch]   (e.g. http://127.0.0.1:5000); prints the number of regions seeded.
"""
import json
import os
import sys
import urllib.parse
import urllib.request

import boto3

USAGE = "usage: seed-account.py ENDPOINT [--cloudwatch]"
if "-h" in sys.argv[1:] or "--help" in sys.argv[1:]:
    print(__doc__.strip())
    sys.exit(0)
if len(sys.argv) < 2:
    sys.exit(f"seed-account.py: ENDPOINT is missing; {USAGE}")
endpoint, account, rest = sys.argv[1], "123456789012", sys.argv[2:]
url = urllib.parse.urlsplit(endpoint)
if url.scheme not in ("http", "https") or not url.netloc:
    sys.exit(f"seed-account.py: ENDPOINT wants an http(s) URL such as http://127.0.0.1:5000, not '{endpoint}'; {USAGE}")
cloudwatch = rest[:1] == ["--cloudwatch"]
unknown = rest[1:] if cloudwatch else rest
if unknown:
    sys.exit(f"seed-account.py: unknown argument '{unknown[0]}'; {USAGE}")
try:
    urllib.request.urlopen(urllib.request.Request(endpoint + "/moto-api/reset", method="POST"), timeout=30).read()
except OSError as e:
    sys.exit(f"seed-account.py: cannot reset a moto_server at '{endpoint}': {getattr(e, 'reason', e)}")

# moto's own credentials: never the caller's (a profile or real keys), and none needed in the environment.
for variable in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
    os.environ.pop(variable, None)
session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
session.client("sns", region_name="us-east-1", endpoint_url=endpoint).create_topic(Name="bench")
s3 = session.client("s3", region_name="us-east-1", endpoint_url=endpoint)
regions = session.get_available_regions("bedrock")
iam = session.client("iam", region_name="us-east-1", endpoint_url=endpoint)


def healthy_bucket(region, bucket, key):
    config = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    session.client("s3", region_name=region, endpoint_url=endpoint).create_bucket(Bucket=bucket, **config)
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [
        {"ObjectOwnership": "BucketOwnerEnforced"}]})
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Statement": [{"Effect": "Allow",
        "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{bucket}/*", "Condition": {"StringEquals": {"aws:SourceAccount": account}}}]}))
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}]})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": True,
        "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})


def log_destination(region, key):
    group, role = "bench-logs-" + region, "bench-logs-" + region
    logs = session.client("logs", region_name=region, endpoint_url=endpoint)
    logs.create_log_group(logGroupName=group, kmsKeyId=key)
    logs.put_retention_policy(logGroupName=group, retentionInDays=90)
    role_arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"},
                       "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": account}}}]}))[
        "Role"]["Arn"]
    writes = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": f"arn:aws:logs:{region}:{account}:log-group:{group}:log-stream:*"}]}
    iam.put_role_policy(RoleName=role, PolicyName="write-invocation-logs", PolicyDocument=json.dumps(writes))
    managed = iam.create_policy(PolicyName=role + "-managed", PolicyDocument=json.dumps(writes))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=role, PolicyArn=managed)
    return {"logGroupName": group, "roleArn": role_arn,
            "largeDataDeliveryS3Config": {"bucketName": "bench-large-" + region}}


for region in regions:
    bucket = "bench-logs-" + region
    statements = [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "kms:GenerateDataKey",
         "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": account}}}]
    if cloudwatch:
        statements.append({"Effect": "Allow", "Principal": {"Service": f"logs.{region}.amazonaws.com"},
            "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            "Resource": "*", "Condition": {"ArnLike": {
                "kms:EncryptionContext:aws:logs:arn": f"arn:aws:logs:{region}:{account}:log-group:*"}}})
    key = session.client("kms", region_name=region, endpoint_url=endpoint).create_key(Policy=json.dumps({
        "Version": "2012-10-17", "Statement": statements}))["KeyMetadata"]["Arn"]
    healthy_bucket(region, bucket, key)
    config = {"s3Config": {"bucketName": bucket}}
    if cloudwatch:
        healthy_bucket(region, "bench-large-" + region, key)
        config["cloudWatchConfig"] = log_destination(region, key)
    session.client("bedrock", region_name=region, endpoint_url=endpoint).put_model_invocation_logging_configuration(
        loggingConfig={**config, **{f"{t}DataDeliveryEnabled": True
                                     for t in ("text", "image", "embedding", "video", "audio")}})
print(len(regions))
