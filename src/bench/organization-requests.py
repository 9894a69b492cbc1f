#!/usr/bin/env python3
"""Counts an organization run's requests per account, from a delay-proxy-keys.py log (delay-proxy.py's eight
columns, then the access key id that signed the request). Each key is mapped to its account by asking the
same moto_server, before it is reset, sts:GetCallerIdentity signed with that key: moto does not check
signatures, and answers with the account the key acts as (the role's account for keys from sts:AssumeRole,
123456789012 for a key it did not issue). So nothing needs to know the auditor's keys in advance.

The management account's count holds its own audit and the organization's calls, which the auditor makes
with the same credentials: organizations:ListAccounts, one sts:AssumeRole per member, sts:GetCallerIdentity,
SNS, and the member-accounts finding's Security Hub CSPM calls. Members' counts are their audits alone.
Usage: organization-requests.py LOG ENDPOINT [--tsv] [--operations]
  (default) a summary: requests in all, per account (management, and members' median, minimum, maximum)
  --tsv         one line: total, accounts, management, member median, member min, member max
  --operations  also the requests per service and operation of the management account and of one member
"""
import argparse
import collections
import importlib.util
import os
import statistics
import sys
import urllib.parse

import boto3
import botocore.config
import botocore.exceptions

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
_spec = importlib.util.spec_from_file_location(
    "proxy_log_summary", os.path.join(os.path.dirname(os.path.abspath(__file__)), "proxy-log-summary.py"))
proxy_log_summary = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(proxy_log_summary)


def account_of(endpoint, key):
    """The account moto says the access key acts as."""
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id=key,
                       aws_secret_access_key="not-checked", aws_session_token="not-checked",
                       config=botocore.config.Config(retries={"max_attempts": 1}))
    return sts.get_caller_identity()["Account"]


def main():
    parser = argparse.ArgumentParser(description=__doc__[:__doc__.index("Usage:")],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log", metavar="LOG", help="a request log of delay-proxy-keys.py")
    parser.add_argument("endpoint", metavar="ENDPOINT",
                        help="the run's moto_server, not reset since, e.g. http://127.0.0.1:5000")
    parser.add_argument("--tsv", action="store_true",
                        help="instead of the summary (requests in all, per account: management, and members' "
                             "median, minimum, maximum), one line: total, accounts, management, member median, "
                             "member min, member max")
    parser.add_argument("--operations", action="store_true",
                        help="also the requests per service and operation of the management account and of one "
                             "member")
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.endpoint)
    if url.scheme not in ("http", "https") or not url.netloc:
        parser.error(f"ENDPOINT wants an http(s) URL such as http://127.0.0.1:5000, not '{args.endpoint}'")

    # service, operation (or REST method and path), access key id
    try:
        rows = [(fields[4], proxy_log_summary.operation(fields[1], fields[2], fields[4], fields[5]), fields[8])
                for fields in proxy_log_summary.log_lines(args.log, 9)]
    except OSError as e:
        parser.error(f"cannot read LOG '{args.log}': {e.strerror}")
    try:
        accounts = {key: account_of(args.endpoint, key) for key in {r[2] for r in rows} if key != "-"}
    except botocore.exceptions.EndpointConnectionError:
        sys.exit(f"organization-requests.py: no moto_server answers at ENDPOINT '{args.endpoint}'")
    accounts["-"] = "unsigned"
    per_account = collections.Counter(accounts[r[2]] for r in rows)
    management = per_account.get("123456789012", 0)
    members = sorted(count for account, count in per_account.items() if account not in ("123456789012", "unsigned"))
    figures = (len(rows), len(per_account), management,
               statistics.median(members) if members else 0, members[0] if members else 0,
               members[-1] if members else 0)
    if args.tsv:
        print("\t".join("%g" % n for n in figures))
        return
    print("%d requests from %d account(s); management account (its audit and the organization's calls): %d"
          % figures[:3])
    if members:
        print("per member account: median %g, min %d, max %d (%d members)" % (figures[3:] + (len(members),)))
    if per_account.get("unsigned"):
        print("unsigned requests: %d" % per_account["unsigned"])
    if args.operations:
        member = next((a for a, n in sorted(per_account.items()) if a not in ("123456789012", "unsigned")), None)
        for account in ("123456789012", member):
            if account is None:
                continue
            ops = collections.Counter((r[0], r[1]) for r in rows if accounts[r[2]] == account)
            print("\n%-14s %-36s %8s   (account %s)" % ("SERVICE", "OPERATION", "REQUESTS", account))
            for (service, op), count in sorted(ops.items(), key=lambda item: (item[0][0], -item[1])):
                print("%-14s %-36s %8d" % (service, op, count))


if __name__ == "__main__":
    main()
