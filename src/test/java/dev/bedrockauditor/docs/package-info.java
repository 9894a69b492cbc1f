/** Checks that README.md says what the code does: its compliance table, its JSON example and its options. */
package dev.bedrockauditor.docs;
