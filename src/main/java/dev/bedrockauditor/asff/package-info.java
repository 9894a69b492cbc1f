/** The AWS Security Finding Format: the one place that maps findings to and from Security Hub's ASFF. */
package dev.bedrockauditor.asff;
