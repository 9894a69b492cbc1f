/** Renders an audit report for people (a table) and for programs (one JSON document). */
package dev.bedrockauditor.report;
