/** Pure evaluation of S3 bucket policies and IAM trust policies for what Bedrock needs to deliver logs. */
package dev.bedrockauditor.policies;
