/** Checks that the benchmarks' Java sources in src/bench still build against the auditor's code. */
package dev.bedrockauditor.bench;
