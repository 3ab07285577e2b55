/**
 * The command line, on the same client core as the desktop app: {@link chat.mz.cli.MzchatCommand}
 * and its subcommands.
 */
package chat.mz.cli;
