/**
 * The {@code nixboot} command: picocli commands that parse the command line and call the engine facade, and the
 * human display of plans, problems and runs. Only {@link dev.nixboot.cli.Main} touches the process's console and
 * exit; everything else writes to the writers it is given, so tests run the command in-process.
 */
package dev.nixboot.cli;
