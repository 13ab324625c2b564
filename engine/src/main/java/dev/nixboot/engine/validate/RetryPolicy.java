package dev.nixboot.engine.validate;

import java.time.Duration;

/** {@code retry: {attempts: 3, delay: 2s, backoff: 2}}: up to {@code attempts} tries in all, waiting {@code delay}, then {@code delay * backoff}, ... */
public record RetryPolicy(int attempts, Duration delay, double backoff) {
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0);

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }
}
