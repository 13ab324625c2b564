/**
 * Every picocli command of {@code nixboot} and the options they share as mixins: what {@code --help}, the shell
 * completion and the manual page are made from. The commands parse, call the engine and hand results to
 * {@link dev.nixboot.cli.display}.
 */
package dev.nixboot.cli.command;
