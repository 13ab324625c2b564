package dev.nixboot.engine.api;

import java.util.List;

/** A playbook, or its inputs, cannot run: every problem found, not only the first. Exit code 2. */
public class PlaybookException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public PlaybookException(List<Problem> problems) {
        super(problems.size() + " problem(s)");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
