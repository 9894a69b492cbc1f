/** CloudTrail change events that re-audit a region at once: which calls count, and what each one names. */
package dev.bedrockauditor.changes;
