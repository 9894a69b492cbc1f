/** The controls: pure checks from a region's logging state to findings, with their metadata loaded as data. */
package dev.bedrockauditor.controls;
