/**
 * The {@code nixboot} command's entry points: {@link dev.nixboot.cli.Main}, the one class that touches the process's
 * console and exit, and {@link dev.nixboot.cli.Nixboot}, which assembles the command line from
 * {@link dev.nixboot.cli.command}'s commands. Everything else writes to the writers it is given, so tests run the
 * command in-process. The packages below never reach back up here.
 */
package dev.nixboot.cli;
