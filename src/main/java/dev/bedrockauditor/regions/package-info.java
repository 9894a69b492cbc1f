/** Which regions an audit covers: Bedrock's regions, the home partition, and what the account has enabled. */
package dev.bedrockauditor.regions;
