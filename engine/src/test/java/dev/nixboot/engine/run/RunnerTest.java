package dev.nixboot.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.run.fixture.ExecutionLog;
import dev.nixboot.engine.run.fixture.Options;
import dev.nixboot.engine.run.fixture.RecordingListener;
import dev.nixboot.engine.run.fixture.RunDirectoryStep;
import dev.nixboot.engine.run.fixture.TestPlaybook;
import dev.nixboot.engine.spi.Interaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How a run walks the DAG: what runs together, what waits, what a failure or a cancel does to the rest. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RunnerTest {
    @TempDir
    Path directory;

    private Options options;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void reset() {
        ExecutionLog.reset();
        options = Options.in(directory.resolve(".nixboot"));
    }

    private CompiledPlaybook compile(String yaml) {
        return TestPlaybook.compile(directory.resolve("playbook.yaml"), yaml);
    }

    private RunSummary run(String yaml) {
        return new Runner(ThisProcess.host(), compile(yaml), options.build(), listener).run();
    }

    private static Map<String, StepStatus> statuses(RunSummary summary) {
        return summary.steps().stream()
                .collect(Collectors.toMap(RunSummary.StepResult::id, RunSummary.StepResult::status));
    }

    private static String error(RunSummary summary, String id) {
        return summary.steps().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow()
                .error();
    }

    @Test
    void runsIndependentBranchesAtTheSameTime() {
        RunSummary summary = run("""
                steps:
                  - {id: left, type: run.barrier, needs: [], with: {barrier: meet, parties: 2}}
                  - {id: right, type: run.barrier, needs: [], with: {barrier: meet, parties: 2}}
                """);

        assertThat(statuses(summary))
                .containsEntry("left", StepStatus.SUCCEEDED)
                .containsEntry("right", StepStatus.SUCCEEDED);
        assertThat(summary.exitCode()).isZero();
    }

    @Test
    void runsNoMoreStepsAtOnceThanTheParallelismAllows() {
        options.parallelism(1);
        RunSummary summary = run("""
                steps:
                  - {id: left, type: run.barrier, needs: [], with: {barrier: alone, parties: 2, wait_millis: 500}}
                  - {id: right, type: run.barrier, needs: [], with: {barrier: alone, parties: 2, wait_millis: 500}}
                """);

        assertThat(statuses(summary).get("left")).isEqualTo(StepStatus.FAILED);
        assertThat(error(summary, "left")).contains("did not run in parallel");
    }

    @Test
    void startsAStepOnlyWhenEveryStepItNeedsHasEnded() {
        RunSummary summary = run("""
                steps:
                  - {id: a, type: test.echo, needs: [], with: {message: alpha}}
                  - {id: b, type: test.echo, needs: [], with: {message: beta}}
                  - {id: joined, type: test.echo, needs: [a, b], with: {message: "${{ steps.a.outputs.text }}"}}
                  - {id: last, type: test.echo, needs: [joined], with: {message: "${{ steps.b.outputs.text }}"}}
                """);

        assertThat(summary.exitCode()).isZero();
        assertThat(ExecutionLog.order().indexOf("joined"))
                .isGreaterThan(ExecutionLog.order().indexOf("a"))
                .isGreaterThan(ExecutionLog.order().indexOf("b"));
        assertThat(ExecutionLog.order()).last().isEqualTo("last");
        assertThat(listener.outputs("joined")).containsEntry("text", "alpha");
    }

    @Test
    void aPlainListRunsTopToBottomEvenWithManyWorkers() {
        StringBuilder playbook = new StringBuilder("steps:\n  - {id: s0, type: test.echo, with: {message: \"0\"}}\n");
        for (int i = 1; i < 20; i++) {
            playbook.append("  - {id: s")
                    .append(i)
                    .append(", type: test.echo, with: {message: \"${{ steps.s")
                    .append(i - 1)
                    .append(".outputs.text }}\"}}\n");
        }
        RunSummary summary = run(playbook.toString());

        assertThat(summary.exitCode()).isZero();
        assertThat(ExecutionLog.order())
                .containsExactly(
                        "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13", "s14",
                        "s15", "s16", "s17", "s18", "s19");
    }

    @Test
    void skipsDependentsOfAFailureWhileAnIndependentBranchFinishes() {
        // "other" can only finish after "broken" has failed, so it was still running when the failure happened.
        listener.onFinish(
                "broken", status -> ExecutionLog.signal("broken.ended").countDown());
        RunSummary summary = run("""
                steps:
                  - {id: broken, type: run.fail, needs: [], with: {message: "exit code 3 (expected 0)", failures: -1}}
                  - {id: after, type: test.echo, with: {message: never}}
                  - {id: after_after, type: test.echo, with: {message: never}}
                  - {id: other, type: run.fail, needs: [], with: {message: "", failures: 0, after: broken.ended}}
                  - {id: other_next, type: test.echo, with: {message: "yes"}}
                """);

        assertThat(statuses(summary))
                .containsEntry("broken", StepStatus.FAILED)
                .containsEntry("after", StepStatus.SKIPPED_DEPENDENCY)
                .containsEntry("after_after", StepStatus.SKIPPED_DEPENDENCY)
                .containsEntry("other", StepStatus.SUCCEEDED)
                .containsEntry("other_next", StepStatus.SUCCEEDED);
        assertThat(error(summary, "broken")).isEqualTo("exit code 3 (expected 0)");
        assertThat(error(summary, "after_after")).isEqualTo("'broken' failed");
        assertThat(summary.exitCode()).isEqualTo(1);
        assertThat(ExecutionLog.executions("after")).isZero();
    }

    @Test
    void failFastCancelsARunningBlockedStepAndRunsItsCancelAction() {
        options.failFast();
        RunSummary summary = run("""
                steps:
                  - {id: waiting, type: run.block, needs: [], with: {name: waiting}}
                  - {id: after_waiting, type: test.echo, with: {message: never}}
                  - {id: broken, type: run.fail, needs: [], with: {message: boom, failures: -1, after: waiting.started}}
                """);

        assertThat(statuses(summary))
                .containsEntry("broken", StepStatus.FAILED)
                .containsEntry("waiting", StepStatus.CANCELLED);
        assertThat(statuses(summary)).containsEntry("after_waiting", StepStatus.SKIPPED_DEPENDENCY);
        assertThat(error(summary, "after_waiting")).isEqualTo("'waiting' was cancelled");
        assertThat(ExecutionLog.signalled("waiting.cancelled")).isTrue();
        assertThat(error(summary, "waiting")).contains("--fail-fast").contains("broken");
        assertThat(ExecutionLog.executions("after_waiting")).isZero();
        assertThat(summary.exitCode()).isEqualTo(1);
    }

    @Test
    void withoutFailFastAFailureLeavesARunningIndependentStepAlone() {
        listener.onFinish(
                "broken", status -> ExecutionLog.signal("waiting.cancelled").countDown());
        RunSummary summary = run("""
                steps:
                  - {id: waiting, type: run.block, needs: [], with: {name: waiting}}
                  - {id: broken, type: run.fail, needs: [], with: {message: boom, failures: -1, after: waiting.started}}
                """);

        // The block was released by the test after the failure, not cancelled by the engine.
        assertThat(statuses(summary)).containsEntry("waiting", StepStatus.SUCCEEDED);
    }

    @Test
    void aFalseConditionSkipsTheStepButItsDependentsStillRun() {
        RunSummary summary = run("""
                vars:
                  swapSize: {type: int, default: 0}
                steps:
                  - {id: first, type: test.echo, with: {message: "1"}}
                  - {id: optional, type: test.echo, when: "${{ swapSize > 0 }}", with: {message: "2"}}
                  - {id: then, type: test.echo, with: {message: "3"}}
                """);

        assertThat(statuses(summary))
                .containsEntry("optional", StepStatus.SKIPPED_CONDITION)
                .containsEntry("then", StepStatus.SUCCEEDED);
        assertThat(error(summary, "optional")).isEqualTo("when: ${{ swapSize > 0 }} is false");
        assertThat(ExecutionLog.executions("optional")).isZero();
        assertThat(summary.exitCode()).isZero();
    }

    @Test
    void retriesUntilAnAttemptSucceeds() {
        RunSummary summary = run("""
                steps:
                  - id: flaky
                    type: run.fail
                    retry: {attempts: 3, delay: 1ms, backoff: 2}
                    with: {message: connection refused, failures: 2}
                """);

        assertThat(statuses(summary)).containsEntry("flaky", StepStatus.SUCCEEDED);
        assertThat(ExecutionLog.executions("flaky")).isEqualTo(3);
        assertThat(listener.attempts()).containsExactly(1, 2, 3);
        assertThat(listener.text())
                .contains("attempt 1 of 3 failed: connection refused; trying again in 1ms")
                .contains("attempt 2 of 3 failed: connection refused; trying again in 2ms");
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        RunSummary summary = run("""
                steps:
                  - {id: flaky, type: run.fail, retry: {attempts: 3}, with: {message: connection refused, failures: 5}}
                """);

        assertThat(statuses(summary)).containsEntry("flaky", StepStatus.FAILED);
        assertThat(error(summary, "flaky")).isEqualTo("connection refused (after 3 attempts)");
        assertThat(ExecutionLog.executions("flaky")).isEqualTo(3);
    }

    @Test
    void aTimeoutStopsTheStepThroughItsCancelActionAndFailsIt() {
        RunSummary summary = run("""
                steps:
                  - {id: slow, type: run.block, timeout: 200ms, with: {name: slow}}
                  - {id: after, type: test.echo, with: {message: never}}
                """);

        assertThat(statuses(summary))
                .containsEntry("slow", StepStatus.FAILED)
                .containsEntry("after", StepStatus.SKIPPED_DEPENDENCY);
        assertThat(error(summary, "slow")).isEqualTo("timed out after 200ms");
        assertThat(ExecutionLog.signalled("slow.cancelled")).isTrue();
        assertThat(summary.exitCode()).isEqualTo(1);
    }

    @Test
    void continueOnErrorLetsDependentsRunAndKeepsExitCodeZero() {
        RunSummary summary = run("""
                steps:
                  - {id: optional, type: run.fail, continue_on_error: true, with: {message: not there, failures: -1}}
                  - {id: after, type: test.echo, with: {message: runs}}
                """);

        assertThat(statuses(summary))
                .containsEntry("optional", StepStatus.FAILED)
                .containsEntry("after", StepStatus.SUCCEEDED);
        assertThat(error(summary, "optional")).isEqualTo("not there (continue_on_error)");
        assertThat(summary.exitCode()).isZero();
    }

    @Test
    void aDeclinedConfirmationCancelsTheStepAndSkipsItsDependents() {
        options.answer(false);
        RunSummary summary = run("""
                steps:
                  - {id: wipe, type: test.echo, confirm: "Erase every disk of gusto?", with: {message: wiping}}
                  - {id: after, type: test.echo, with: {message: never}}
                  - {id: elsewhere, type: test.echo, needs: [], with: {message: "yes"}}
                """);

        assertThat(statuses(summary))
                .containsEntry("wipe", StepStatus.CANCELLED)
                .containsEntry("after", StepStatus.SKIPPED_DEPENDENCY)
                .containsEntry("elsewhere", StepStatus.SUCCEEDED);
        assertThat(error(summary, "wipe")).isEqualTo("declined: Erase every disk of gusto?");
        assertThat(ExecutionLog.executions("wipe")).isZero();
        assertThat(summary.exitCode()).isEqualTo(1);
    }

    @Test
    void anAcceptedConfirmationRunsTheStep() {
        options.answer(true);
        RunSummary summary = run("""
                steps:
                  - {id: wipe, type: test.echo, confirm: "Erase every disk of gusto?", with: {message: wiping}}
                """);

        assertThat(statuses(summary)).containsEntry("wipe", StepStatus.SUCCEEDED);
        assertThat(options.questions()).containsExactly("Erase every disk of gusto?");
    }

    @Test
    void parametersThatCannotBeBoundFailTheStep() {
        RunSummary summary = run("""
                steps:
                  - {id: word, type: test.echo, with: {message: many}}
                  - {id: count, type: run.fail, with: {message: x, failures: "${{ steps.word.outputs.text }}"}}
                """);

        assertThat(statuses(summary)).containsEntry("count", StepStatus.FAILED);
        assertThat(error(summary, "count")).startsWith("with.failures: ").contains("many");
        assertThat(ExecutionLog.executions("count")).isZero();
    }

    @Test
    void anUnexpectedExceptionIsReportedAsABugNamingStepTypeAndClass() {
        RunSummary summary = run("steps: [{id: buggy, type: run.bug}]");

        assertThat(error(summary, "buggy"))
                .isEqualTo("step 'buggy' (type run.bug, class "
                        + "dev.nixboot.engine.run.fixture.BugStep) failed with java.lang.IllegalStateException: "
                        + "index out of order - this is a bug in the step");
        assertThat(summary.exitCode()).isEqualTo(1);
    }

    @Test
    void cancelStopsRunningStepsSavesStateAndExitsWith130() throws Exception {
        Runner runner = new Runner(ThisProcess.host(), compile("""
                steps:
                  - {id: done, type: test.echo, with: {message: finished before Ctrl-C}}
                  - {id: waiting, type: run.block, with: {name: waiting}}
                  - {id: never, type: test.echo, with: {message: never}}
                  - {id: parallel_never, type: test.echo, needs: [done, waiting], with: {message: never}}
                """), options.build(), listener);
        CompletableFuture<RunSummary> result = CompletableFuture.supplyAsync(runner::run);
        assertThat(ExecutionLog.signal("waiting.started").await(10, TimeUnit.SECONDS))
                .isTrue();

        runner.cancel();
        RunSummary summary = result.get(20, TimeUnit.SECONDS);

        assertThat(summary.exitCode()).isEqualTo(130);
        assertThat(statuses(summary))
                .containsEntry("done", StepStatus.SUCCEEDED)
                .containsEntry("waiting", StepStatus.CANCELLED);
        assertThat(ExecutionLog.signalled("waiting.cancelled")).isTrue();
        assertThat(ExecutionLog.executions("never")).isZero();
        try (var files = Files.list(directory.resolve(".nixboot"))) {
            Path state = files.filter(file -> file.toString().endsWith(".json"))
                    .findFirst()
                    .orElseThrow();
            assertThat(Files.readString(state)).contains("\"done\"").doesNotContain("\"waiting\"");
        }
    }

    @Test
    void aCancelThatComesBeforeTheRunStartsRunsNoStepAndExitsWith130() {
        Runner runner = new Runner(ThisProcess.host(), compile("""
                steps:
                  - {id: first, type: test.echo, needs: [], with: {message: never}}
                  - {id: second, type: test.echo, needs: [], with: {message: never}}
                """), options.build(), listener);

        runner.cancel();
        RunSummary summary = runner.run();

        assertThat(summary.exitCode()).isEqualTo(130);
        assertThat(summary.steps())
                .extracting(RunSummary.StepResult::status)
                .containsExactly(StepStatus.CANCELLED, StepStatus.CANCELLED);
        assertThat(summary.steps())
                .extracting(RunSummary.StepResult::error)
                .containsOnly("not started: cancelled by the user");
        assertThat(ExecutionLog.totalExecutions()).isZero();
    }

    @Test
    void cancelEndsThePauseBeforeTheNextAttemptAtOnce() throws Exception {
        Runner runner = new Runner(ThisProcess.host(), compile("""
                steps:
                  - id: flaky
                    type: run.fail
                    retry: {attempts: 3, delay: 5m}
                    with: {message: connection refused, failures: -1}
                """), options.build(), listener);
        CompletableFuture<RunSummary> result = CompletableFuture.supplyAsync(runner::run);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listener.text().contains("trying again in 5m") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(listener.text()).contains("attempt 1 of 3 failed: connection refused; trying again in 5m");

        runner.cancel();
        RunSummary summary = result.get(5, TimeUnit.SECONDS);

        assertThat(summary.exitCode()).isEqualTo(130);
        assertThat(error(summary, "flaky")).isEqualTo("cancelled by the user");
        assertThat(ExecutionLog.executions("flaky")).isEqualTo(1);
    }

    @Test
    void aSecondRunOfThePlaybookIsRefusedWhileTheFirstGoesOn() throws Exception {
        CompiledPlaybook playbook = compile("steps: [{id: waiting, type: run.block, with: {name: waiting}}]");
        Runner first = new Runner(ThisProcess.host(), playbook, options.build(), listener);
        CompletableFuture<RunSummary> result = CompletableFuture.supplyAsync(first::run);
        assertThat(ExecutionLog.signal("waiting.started").await(10, TimeUnit.SECONDS))
                .isTrue();
        RecordingListener refused = new RecordingListener();

        RunSummary second = new Runner(ThisProcess.host(), playbook, options.build(), refused).run();

        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.steps()).isEmpty();
        assertThat(refused.lines())
                .filteredOn(line -> line.startsWith("notice "))
                .singleElement()
                .asString()
                .startsWith("notice another nixboot run of this playbook is going on in this directory (pid "
                        + ProcessHandle.current().pid() + ", started ");
        first.cancel();
        assertThat(result.get(20, TimeUnit.SECONDS).exitCode()).isEqualTo(130);
        assertThat(new Runner(
                                ThisProcess.host(),
                                compile("steps: [{id: after, type: test.echo, with: {message: x}}]"),
                                options.build(),
                                new RecordingListener())
                        .run()
                        .exitCode())
                .as("the lock is free again")
                .isZero();
    }

    @Test
    void interruptingTheThreadThatRunsThePlaybookActsLikeCtrlC() throws Exception {
        Runner runner = new Runner(
                ThisProcess.host(),
                compile("steps: [{id: waiting, type: run.block, with: {name: waiting}}]"),
                options.build(),
                listener);
        CompletableFuture<RunSummary> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> result.complete(runner.run()));
        thread.start();
        assertThat(ExecutionLog.signal("waiting.started").await(10, TimeUnit.SECONDS))
                .isTrue();

        thread.interrupt();
        RunSummary summary = result.get(20, TimeUnit.SECONDS);

        assertThat(summary.exitCode()).isEqualTo(130);
        assertThat(error(summary, "waiting")).isEqualTo("cancelled by the user");
    }

    @Test
    void cancelReleasesAStepWaitingForAnAnswerAtOnce() throws Exception {
        // A terminal read cannot be interrupted: this question waits like one, whatever happens to its thread.
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        options.parallelism(1).interaction(new Interaction() {
            @Override
            public boolean confirm(String question) {
                asked.countDown();
                while (true) {
                    try {
                        answered.await();
                        return true;
                    } catch (InterruptedException ignored) {
                        // as a blocked read would
                    }
                }
            }

            @Override
            public String ask(String question, boolean secret, String defaultValue) {
                return confirm(question) ? "yes" : "no";
            }
        });
        Runner runner = new Runner(ThisProcess.host(), compile("""
                steps:
                  - {id: wipe, type: test.echo, confirm: "Erase every disk of gusto?", with: {message: wiping}}
                  - {id: after, type: test.echo, with: {message: never}}
                  - {id: elsewhere, type: test.echo, needs: [], with: {message: never}}
                """), options.build(), listener);
        CompletableFuture<RunSummary> result = CompletableFuture.supplyAsync(runner::run);
        try {
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();

            runner.cancel();
            RunSummary summary = result.get(20, TimeUnit.SECONDS);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(summary.exitCode()).isEqualTo(130);
            assertThat(statuses(summary))
                    .containsEntry("wipe", StepStatus.CANCELLED)
                    .containsEntry("elsewhere", StepStatus.CANCELLED);
            assertThat(error(summary, "wipe")).isEqualTo("cancelled by the user");
            assertThat(error(summary, "elsewhere")).isEqualTo("not started: cancelled by the user");
            assertThat(ExecutionLog.executions("wipe")).isZero();
        } finally {
            answered.countDown();
        }
    }

    @Test
    void givesUpOnAStepThatIgnoresCancellingAfterTheGracePeriodAndCallsTheRestNotStarted() throws Exception {
        options.parallelism(1);
        Runner runner = new Runner(ThisProcess.host(), compile("""
                steps:
                  - {id: stuck, type: run.block, with: {name: stuck, stubborn: true}}
                  - {id: later, type: test.echo, needs: [], with: {message: never}}
                """), options.build(), listener, Duration.ofMillis(300));
        CompletableFuture<RunSummary> result = CompletableFuture.supplyAsync(runner::run);
        assertThat(ExecutionLog.signal("stuck.started").await(10, TimeUnit.SECONDS))
                .isTrue();
        try {
            runner.cancel();
            RunSummary summary = result.get(10, TimeUnit.SECONDS);

            assertThat(summary.exitCode()).isEqualTo(130);
            assertThat(error(summary, "stuck")).isEqualTo("did not stop within 300ms of being cancelled");
            assertThat(error(summary, "later")).isEqualTo("not started: cancelled by the user");
            assertThat(ExecutionLog.signalled("stuck.cancelled")).isTrue();
        } finally {
            ExecutionLog.signal("stuck.release").countDown();
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheRun() {
        listener.onFinish("first", status -> {
            throw new IllegalStateException("terminal gone");
        });
        RunSummary summary = run("""
                steps:
                  - {id: first, type: test.echo, with: {message: "1"}}
                  - {id: second, type: test.echo, with: {message: "2"}}
                """);

        assertThat(statuses(summary)).containsEntry("second", StepStatus.SUCCEEDED);
        assertThat(listener.text())
                .contains("notice the run display failed: java.lang.IllegalStateException: " + "terminal gone");
    }

    @Test
    void sharesOneResourcePerRunAndClosesItAtTheEnd() {
        RunDirectoryStep.Counter.MADE.clear();
        RunSummary summary = run("""
                steps:
                  - {id: first, type: run.workdir}
                  - {id: second, type: run.workdir}
                """);

        assertThat(summary.exitCode()).isZero();
        assertThat(RunDirectoryStep.Counter.MADE).hasSize(1);
        assertThat(RunDirectoryStep.Counter.MADE.get(0).closed()).isTrue();
        assertThat(listener.outputs("second")).containsEntry("uses", 2);
    }

    @Test
    void theRunDirectoryIsPrivateAndRemovedWhenTheRunEnds() {
        RunSummary summary = run("steps: [{id: generate, type: run.workdir}]");

        Map<String, Object> outputs = listener.outputs("generate");
        Path runDirectory = Path.of((String) outputs.get("directory"));
        assertThat(summary.exitCode()).isZero();
        assertThat(outputs).containsEntry("permissions", "rwx------");
        assertThat(runDirectory.getFileName().toString()).startsWith("nixboot-run-");
        assertThat(runDirectory).doesNotExist();
    }
}
