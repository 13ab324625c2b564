package dev.nixboot.engine.api;

/**
 * One thing wrong with a playbook or its inputs.
 *
 * @param location where it is; null for problems with no place in a file (an undeclared {@code --var}, say)
 * @param path the logical path, such as {@code steps[3].with.port}; empty when it has none
 * @param message what is wrong and, where it helps, what to do ("did you mean 'needs'?")
 * @param sourceLine the text of the offending line, for the caret display; null when unknown
 */
public record Problem(SourceLocation location, String path, String message, String sourceLine) {}
