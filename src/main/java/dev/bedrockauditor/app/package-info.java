/** Wires the real AWS adapters to the engine once, for the command line and the Lambda alike. */
package dev.bedrockauditor.app;
