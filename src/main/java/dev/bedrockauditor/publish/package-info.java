/** Publishing a report: the Security Hub finding lifecycle, change detection and the decision to alert. */
package dev.bedrockauditor.publish;
