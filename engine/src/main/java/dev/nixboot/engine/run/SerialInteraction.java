package dev.nixboot.engine.run;

import dev.nixboot.engine.spi.Interaction;
import dev.nixboot.engine.spi.StepFailure;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * One question at a time: steps in parallel branches must not interleave their prompts on one terminal. Questions
 * are asked on a thread of their own and the step waits for the answer, so {@link #cancel} releases a waiting step
 * at once: a read from a terminal cannot be interrupted, and Ctrl-C must not wait for someone to press Enter.
 */
final class SerialInteraction implements Interaction {
    private final Interaction delegate;
    /** A daemon: a question nobody answers must not keep the process alive after the run has ended. */
    private final ExecutorService asker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "nixboot-question");
        thread.setDaemon(true);
        return thread;
    });

    private final Set<CompletableFuture<?>> waiting = ConcurrentHashMap.newKeySet();
    private volatile String cancelled;

    SerialInteraction(Interaction delegate) {
        this.delegate = delegate;
    }

    private interface Question<T> {
        T ask() throws StepFailure;
    }

    @Override
    public boolean confirm(String question) throws StepFailure {
        return await(() -> delegate.confirm(question));
    }

    @Override
    public String ask(String question, boolean secret, String defaultValue) throws StepFailure {
        return await(() -> delegate.ask(question, secret, defaultValue));
    }

    /** Fails every question waiting for an answer, and every later one, with the reason. */
    void cancel(String reason) {
        cancelled = reason;
        waiting.forEach(answer -> answer.completeExceptionally(new StepFailure("not answered: " + reason)));
        asker.shutdown();
    }

    /** Lets the question thread go once the run has ended. */
    void close() {
        asker.shutdown();
    }

    private <T> T await(Question<T> question) throws StepFailure {
        CompletableFuture<T> answer = new CompletableFuture<>();
        waiting.add(answer);
        try {
            if (cancelled != null) {
                throw new StepFailure("not asked: " + cancelled);
            }
            asker.execute(() -> {
                if (answer.isDone()) {
                    return; // cancelled while queued behind another question
                }
                try {
                    answer.complete(question.ask());
                } catch (StepFailure | RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            return answer.get();
        } catch (RejectedExecutionException e) {
            throw new StepFailure("not asked: " + cancelled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("not answered: the step was stopped");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StepFailure failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            waiting.remove(answer);
        }
    }
}
