/** Renders an audit report for people (a table), for programs (one JSON document) and for Security Hub (ASFF). */
package dev.bedrockauditor.report;
