package dev.nixboot.cli.hosts;

import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import java.time.Duration;
import java.util.Map;

/**
 * One host's run, shown in the display all hosts share: its steps appear as {@code host/step} (so output lines read
 * {@code gusto/rebuild | ...} and the live view lists every host's running steps together) and its notes name it.
 * Its own summary is not shown: HostsRun prints one table of all hosts at the end.
 */
record HostListener(String host, RunListener shared) implements RunListener {

    static String qualified(String host, String stepId) {
        return host + "/" + stepId;
    }

    @Override
    public void runStarted(String playbookName, int stepCount) {
        shared.notice(host + ": running '" + playbookName + "', " + stepCount + (stepCount == 1 ? " step" : " steps"));
    }

    @Override
    public void stepStarted(String stepId, String type, int attempt) {
        shared.stepStarted(qualified(host, stepId), type, attempt);
    }

    @Override
    public void output(String stepId, Stream stream, String line) {
        shared.output(qualified(host, stepId), stream, line);
    }

    @Override
    public void stepFinished(
            String stepId, StepStatus status, Duration duration, Map<String, Object> outputs, String error) {
        shared.stepFinished(qualified(host, stepId), status, duration, outputs, error);
    }

    @Override
    public void notice(String message) {
        shared.notice(host + ": " + message);
    }

    @Override
    public void runFinished(RunSummary summary) {}
}
