/** Pure evaluation of the policies that decide whether Bedrock can deliver logs: bucket, trust, role and key policies. */
package dev.bedrockauditor.policies;
