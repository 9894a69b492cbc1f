#!/usr/bin/env python3
"""Validates template.yaml the way `sam validate` does: the SAM transform must expand it into a plain
CloudFormation template without errors. Writes the expanded template to target/template.transformed.json
so cfn-lint can check what CloudFormation will really receive."""
import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies(ManagedPolicyLoader):
    """The template names no AWS managed policy, so none has to be looked up (there is no AWS account here)."""

    def __init__(self):
        super().__init__(iam_client=None)

    def load(self):
        return {}


def main():
    # The transform fills in pseudo parameters such as AWS::Region; any region will do for validation.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(root, "template.yaml"), encoding="utf-8") as handle:
        template = yaml_parse(handle.read())
    # Like `sam validate`: a local CodeUri is what `sam build` packages; the transform wants an S3 location.
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and not str(properties.get("CodeUri", "")).startswith("s3://"):
            properties["CodeUri"] = "s3://placeholder-bucket/auditor.zip"
    try:
        expanded = transform(template, {}, NoManagedPolicies())
    except InvalidDocumentException as error:
        for cause in error.causes:
            print("template.yaml: " + cause.message, file=sys.stderr)
        return 1
    out = os.path.join(root, "target", "template.transformed.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(expanded, handle, indent=2, default=str)
    print("template.yaml: the SAM transform succeeded; %d resources in %s"
          % (len(expanded.get("Resources", {})), os.path.relpath(out, root)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
