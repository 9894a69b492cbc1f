/** The auditor's settings, read from command-line flags and environment variables and checked up front. */
package dev.bedrockauditor.config;
