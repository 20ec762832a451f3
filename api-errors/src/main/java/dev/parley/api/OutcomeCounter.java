package dev.parley.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smallrye.mutiny.Uni;

/**
 * Counts how an operation ended, as {@code <name>{outcome}}: {@code ok}, the {@link ErrorCode} of a refusal (its wire
 * string, so dashboards and clients speak of the same codes), or {@code error} for anything unexpected. The outcomes
 * are as few as the catalog's codes, so the series stay bounded.
 */
public final class OutcomeCounter {

    public static final String OK = "ok";
    public static final String ERROR = "error";

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final Tags tags;

    public OutcomeCounter(MeterRegistry registry, String name, String description, String... tags) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.tags = Tags.of(tags);
    }

    /** The operation, counted once when it ends. */
    public <T> Uni<T> counting(Uni<T> operation) {
        return operation.onItemOrFailure().invoke((item, failure) -> count(failure == null ? OK : outcome(failure)));
    }

    public void count(String outcome) {
        Counter.builder(name).description(description).tags(tags).tag("outcome", outcome).register(registry)
                .increment();
    }

    /** The error code of a refusal, or {@code error}. */
    public static String outcome(Throwable failure) {
        return failure instanceof ApiException refused && refused.error() != null ? refused.error().wire() : ERROR;
    }
}
