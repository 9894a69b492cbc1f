/** The run's SNS alert: the one place that words it, within SNS's limits. */
package dev.bedrockauditor.alert;
