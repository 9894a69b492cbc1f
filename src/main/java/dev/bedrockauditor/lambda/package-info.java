/** The scheduled Lambda: a thin handler over the same engine and publishing as the command line. */
package dev.bedrockauditor.lambda;
