/** The edge: the only classes that call AWS through the SDK and turn its answers and errors into domain values. */
package dev.bedrockauditor.aws;
