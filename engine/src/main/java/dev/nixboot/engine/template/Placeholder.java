package dev.nixboot.engine.template;

/**
 * A value that is not known while checking, such as a required variable nobody set (already reported): expressions
 * that use it are not judged, so one missing value does not cause a cascade of problems.
 */
public record Placeholder(String text) {}
