#!/usr/bin/env python3
"""Resets a moto_server and seeds an organization for the organization benchmark (organization.sh): the
management account 123456789012 (moto's account for any access key it did not issue) creates an organization
with all features and ACCOUNTS - 1 member accounts (organizations:CreateAccount; moto gives each a random id),
then every account, the management account with its own credentials and each member through sts:AssumeRole
(moto lets any role be assumed, and the credentials act as the role's account), is seeded as seed-account.py
seeds its one account: in each region given, Bedrock logs all five data types to a healthy bucket of the
account (ACLs off, SSE-KMS with a key of the region whose policy lets Bedrock use it, a policy that lets
Bedrock write, public access blocked, versioned). Bucket names are global, so each carries the account id.
Plus the SNS topic arn:aws:sns:us-east-1:123456789012:bench for the alert. Security Hub CSPM is not enabled:
moto imports and returns findings in any region without it, as it does for seed-account.py's account.
Usage: seed-organization.py ENDPOINT ACCOUNTS REGIONS
  ENDPOINT  e.g. http://127.0.0.1:5000
  ACCOUNTS  accounts in all, the management account included (1 or more)
  REGIONS   comma-separated regions, or "all": every Bedrock region of the aws partition as boto3 knows them
Prints one line: the number of accounts and of regions per account seeded.
"""
import concurrent.futures
import json
import os
import sys
import threading
import urllib.request

import boto3

MANAGEMENT = "123456789012"
SEEDING_ROLE = "bench-seeder"  # moto does not check that the role exists or trusts the caller
DATA_TYPES = ("text", "image", "embedding", "video", "audio")


class Clients:
    """boto3 clients on one session, so service models are loaded once; creating them is serialized."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        # moto's own credentials unless a member's are given: never the caller's (a profile or real keys).
        for variable in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
            os.environ.pop(variable, None)
        self.session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
        self.lock = threading.Lock()

    def client(self, service, region, credentials=None):
        keys = {} if credentials is None else {"aws_access_key_id": credentials["AccessKeyId"],
                                               "aws_secret_access_key": credentials["SecretAccessKey"],
                                               "aws_session_token": credentials["SessionToken"]}
        with self.lock:
            return self.session.client(service, region_name=region, endpoint_url=self.endpoint, **keys)


def seed_region(clients, account, credentials, region):
    """One region of one account: its bucket, its key, and Bedrock's logging configuration naming the bucket."""
    bucket = f"bench-logs-{account}-{region}"
    s3 = clients.client("s3", region, credentials)
    s3.create_bucket(Bucket=bucket, **({} if region == "us-east-1" else
                                       {"CreateBucketConfiguration": {"LocationConstraint": region}}))
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [
        {"ObjectOwnership": "BucketOwnerEnforced"}]})
    from_this_account = {"StringEquals": {"aws:SourceAccount": account}}
    key = clients.client("kms", region, credentials).create_key(Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "kms:*",
             "Resource": "*"},
            {"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "kms:GenerateDataKey",
             "Resource": "*", "Condition": from_this_account}]}))["KeyMetadata"]["Arn"]
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Statement": [
        {"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{bucket}/*", "Condition": from_this_account}]}))
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}]})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=dict.fromkeys(
        ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True))
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    clients.client("bedrock", region, credentials).put_model_invocation_logging_configuration(loggingConfig={
        "s3Config": {"bucketName": bucket}, **{f"{t}DataDeliveryEnabled": True for t in DATA_TYPES}})


def seed_account(clients, account, regions):
    """Every region of one account; a member is entered through sts:AssumeRole, as the auditor enters it."""
    credentials = None
    if account != MANAGEMENT:
        credentials = clients.client("sts", "us-east-1").assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/{SEEDING_ROLE}", RoleSessionName="bench-seed")["Credentials"]
    for region in regions:
        seed_region(clients, account, credentials, region)


def main():
    if len(sys.argv) != 4 or not sys.argv[2].isdigit() or int(sys.argv[2]) < 1:
        sys.exit(__doc__[__doc__.index("Usage:"):])
    endpoint, accounts, regions = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    regions = (boto3.session.Session().get_available_regions("bedrock") if regions == "all"
               else [r for r in regions.split(",") if r])
    urllib.request.urlopen(urllib.request.Request(endpoint + "/moto-api/reset", method="POST"), timeout=30).read()

    clients = Clients(endpoint)
    clients.client("sns", "us-east-1").create_topic(Name="bench")
    organizations = clients.client("organizations", "us-east-1")
    organizations.create_organization(FeatureSet="ALL")
    ids = [MANAGEMENT]
    for n in range(1, accounts):
        status = organizations.create_account(AccountName=f"bench-member-{n}",
                                              Email=f"bench-member-{n}@example.com")["CreateAccountStatus"]
        if status["State"] != "SUCCEEDED":
            sys.exit(f"seed-organization: creating member {n} came to {status}")
        ids.append(status["AccountId"])
    # moto answers on one process; a few threads keep it busy while boto3 signs the next requests.
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for done in [pool.submit(seed_account, clients, account, regions) for account in ids]:
            done.result()
    print(f"{len(ids)} accounts, {len(regions)} regions each")


if __name__ == "__main__":
    main()
