/** The fault matrix: every fault kind injected into every AWS operation the code performs, and what a run must then do. */
package dev.bedrockauditor.faults;
