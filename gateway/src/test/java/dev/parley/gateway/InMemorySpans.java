package dev.parley.gateway;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Where the gateway's spans go in tests: Quarkus hands finished spans to every SpanExporter bean (and then starts no
 * OTLP exporter), so tests can read them back.
 */
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
