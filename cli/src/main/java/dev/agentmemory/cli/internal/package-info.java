/** The command-line tool's machinery: the export format, the importer and exporter, progress and interrupts. No compatibility promise. */
package dev.agentmemory.cli.internal;
