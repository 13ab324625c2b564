package dev.nixboot.steps.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kills a process and everything it started. Killing only the direct child would leave a grandchild such as the
 * {@code sleep} of {@code sh -c 'sleep 600'} running, holding the output pipe open so the step never ends.
 */
final class ProcessTree {
    /** Time for a polite SIGTERM to take effect before SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private ProcessTree() {}

    static void kill(ProcessHandle root) {
        // Cancellation interrupts the thread that kills; the kill must still finish, so the flag waits until then.
        boolean interrupted = Thread.interrupted();
        try {
            killTree(root);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void killTree(ProcessHandle root) {
        // Descendants are listed before anything dies: once the root is gone its children are re-parented and can
        // no longer be found from it.
        List<ProcessHandle> tree = members(root);
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, GRACE)) {
            // A second listing catches children forked while the first signals were on their way.
            List<ProcessHandle> remaining = new ArrayList<>(members(root));
            remaining.addAll(tree);
            remaining.forEach(ProcessHandle::destroyForcibly);
            awaitExit(remaining, GRACE);
        }
    }

    private static List<ProcessHandle> members(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        tree.add(root);
        return tree;
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration limit) {
        CompletableFuture<?>[] exits =
                processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return processes.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return processes.stream().noneMatch(ProcessHandle::isAlive);
        }
    }
}
