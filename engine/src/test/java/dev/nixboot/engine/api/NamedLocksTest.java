package dev.nixboot.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class NamedLocksTest {

    @Test
    void aWaiterIsToldTheHolderAndGetsTheLockWhenItIsGivenBack() throws Exception {
        NamedLocks locks = new NamedLocks();
        assertThat(locks.acquire("nix-secrets", "gusto", () -> false, holder -> {}))
                .isTrue();
        List<String> told = new ArrayList<>();

        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return locks.acquire("nix-secrets", "grief", () -> false, told::add);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(waiter).isNotDone();
        locks.release("nix-secrets");

        assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(told).containsExactly("gusto");
    }

    @Test
    void aWaiterThatIsStoppedGivesUpPromptlyHoldingNothing() throws Exception {
        NamedLocks locks = new NamedLocks();
        locks.acquire("nix-config", "gusto", () -> false, holder -> {});
        AtomicBoolean stopped = new AtomicBoolean();

        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return locks.acquire("nix-config", "grief", stopped::get, holder -> {});
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        long start = System.nanoTime();
        stopped.set(true);

        assertThat(waiter.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
        locks.release("nix-config");
        assertThat(locks.acquire("nix-config", "genoa", () -> false, holder -> {}))
                .as("free again")
                .isTrue();
    }

    @Test
    void differentNamesDoNotWaitForEachOther() throws Exception {
        NamedLocks locks = new NamedLocks();
        locks.acquire("a", "one", () -> false, holder -> {});

        assertThat(locks.acquire("b", "two", () -> true, holder -> {})).isTrue();
    }
}
