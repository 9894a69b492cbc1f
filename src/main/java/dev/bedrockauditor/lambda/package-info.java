/** The scheduled Lambda: a thin stream handler over the command line's engine and publishing; LocalInvoke runs it locally. */
package dev.bedrockauditor.lambda;
