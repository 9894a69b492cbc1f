#!/usr/bin/env python3
"""Resets a moto_server and seeds the benchmarks' account: every Bedrock region of the aws partition (as
boto3 knows them) logs all five data types to its own healthy bucket (ACLs off, SSE-KMS with a key of the
region whose policy lets Bedrock use it, a policy that lets Bedrock write, public access blocked, versioned),
so an audit reads every destination and its key; plus the SNS topic
arn:aws:sns:us-east-1:123456789012:bench for the alert.
Usage: seed-account.py ENDPOINT      (e.g. http://127.0.0.1:5000); prints the number of regions seeded.
"""
import json
import sys
import urllib.request

import boto3

endpoint, account = sys.argv[1], "123456789012"
urllib.request.urlopen(urllib.request.Request(endpoint + "/moto-api/reset", method="POST"), timeout=30).read()

boto3.client("sns", region_name="us-east-1", endpoint_url=endpoint).create_topic(Name="bench")
s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=endpoint)
regions = boto3.session.Session().get_available_regions("bedrock")
for region in regions:
    bucket = "bench-logs-" + region
    config = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    boto3.client("s3", region_name=region, endpoint_url=endpoint).create_bucket(Bucket=bucket, **config)
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [
        {"ObjectOwnership": "BucketOwnerEnforced"}]})
    key = boto3.client("kms", region_name=region, endpoint_url=endpoint).create_key(Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "kms:*",
             "Resource": "*"},
            {"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "kms:GenerateDataKey",
             "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": account}}}]}))["KeyMetadata"]["Arn"]
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Statement": [{"Effect": "Allow",
        "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{bucket}/*", "Condition": {"StringEquals": {"aws:SourceAccount": account}}}]}))
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}]})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": True,
        "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    boto3.client("bedrock", region_name=region, endpoint_url=endpoint).put_model_invocation_logging_configuration(
        loggingConfig={"s3Config": {"bucketName": bucket}, **{f"{t}DataDeliveryEnabled": True
                       for t in ("text", "image", "embedding", "video", "audio")}})
print(len(regions))
