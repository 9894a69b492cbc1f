/** How a run does its work in parallel: one pool of named daemon threads for every phase, with a gate per limit. */
package dev.bedrockauditor.concurrent;
