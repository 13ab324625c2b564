/**
 * What one run of {@code nixboot} works in: its directory, environment and home ({@code Invocation}), the terminal and
 * the questions asked on it, the Ctrl-C connection, and the exit codes.
 */
package dev.nixboot.cli.invocation;
