/** The audit engine, shared by the command line and the Lambda: choose regions, read them concurrently, evaluate. */
package dev.bedrockauditor.engine;
