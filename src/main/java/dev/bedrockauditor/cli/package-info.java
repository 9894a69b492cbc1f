/** The command line: parses flags, runs the audit read-only, prints a table or JSON and sets the exit status. */
package dev.bedrockauditor.cli;
