package dev.parley.loadgen;

import java.util.concurrent.atomic.AtomicLong;

import dev.parley.client.chat.ChatError;

/**
 * The error frames a run's clients got (and the client library's own errors, such as a failed catch-up): counted,
 * and the first few printed, so that a run's count says what they were.
 */
final class ErrorFrames {

    private static final int SHOWN = 5;

    private final AtomicLong count = new AtomicLong();

    void add(ChatError error) {
        if (count.incrementAndGet() <= SHOWN) {
            System.err.printf("error frame: %s (%s)%n", error.code(), error.message());
        }
    }

    long count() {
        return count.get();
    }
}
