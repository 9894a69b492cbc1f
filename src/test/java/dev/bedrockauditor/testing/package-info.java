/** Test harness: a real moto_server started on a free loopback port, and helpers to run the command in-process. */
package dev.bedrockauditor.testing;
