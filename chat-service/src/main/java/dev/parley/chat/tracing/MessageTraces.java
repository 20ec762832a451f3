package dev.parley.chat.tracing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.parley.contracts.Topics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The spans of one message's way: its {@code send} frame on the sender's socket, its batch's store, the record
 * published for another instance, and the frame going out to the recipient's sockets (on this instance, or on the
 * one that consumed the record). Each is a child of the one before, and the send is a child of the socket's upgrade
 * (whose {@code traceparent} the gateway sent), so one message's spans share a trace.
 * <p>
 * The message path is tuned to a few hundred microseconds per message, so everything here is done only for a send
 * whose span is sampled: with tracing off (the OpenTelemetry SDK disabled) no trace context is read at all (the
 * propagator would still read a client's {@code traceparent}, and a span continuing it would look sampled), so the
 * tracer makes no valid spans and nothing is injected into records; and a record without a {@code traceparent}
 * header is delivered without a look at the propagator. The chat-messages consumer is not traced by SmallRye for the
 * same reason ({@code tracing-enabled=false}).
 */
@ApplicationScoped
public class MessageTraces {

    private static final UserData.TypedKey<Context> UPGRADE = new UserData.TypedKey<>("parley.chat.trace");
    private static final String TRACEPARENT = "traceparent";

    private final boolean enabled;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    MessageTraces(OpenTelemetry openTelemetry,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this.enabled = !sdkDisabled;
        this.tracer = openTelemetry.getTracer("dev.parley.chat");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Remembers the trace of the socket's upgrade request, which its sends continue. */
    public void socketOpened(WebSocketConnection connection) {
        if (!enabled) {
            return;
        }
        Context upgrade = propagator.extract(Context.root(), connection.handshakeRequest(), HANDSHAKE);
        if (Span.fromContext(upgrade).getSpanContext().isValid()) {
            connection.userData().put(UPGRADE, upgrade);
        }
    }

    /** The span of one send frame's handling, from the frame to its answer; end it once answered. */
    public Span startSend(WebSocketConnection connection) {
        Context upgrade = connection.userData().get(UPGRADE);
        return tracer.spanBuilder("chat send").setSpanKind(SpanKind.SERVER)
                .setParent(upgrade == null ? Context.root() : upgrade).startSpan();
    }

    /** Store spans for the traced sends of a batch (none when none is traced), ended by {@link #stored}. */
    public List<Span> startStore(List<Context> sends) {
        List<Span> spans = List.of();
        for (Context send : sends) {
            if (traced(send)) {
                if (spans.isEmpty()) {
                    spans = new ArrayList<>();
                }
                spans.add(tracer.spanBuilder("chat store").setParent(send)
                        .setAttribute("parley.chat.batch.size", sends.size()).startSpan());
            }
        }
        return spans;
    }

    public static void stored(List<Span> spans, Throwable failure) {
        for (Span span : spans) {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure.getMessage());
            }
            span.end();
        }
    }

    /**
     * A producer span for a record to another instance, its context written into the record's headers; null when
     * the frame's message is not traced. End it when Kafka answered.
     */
    public Span startPublish(Context trace, int partition, Headers headers) {
        if (!traced(trace)) {
            return null;
        }
        Span span = tracer.spanBuilder(Topics.CHAT_MESSAGES + " publish").setSpanKind(SpanKind.PRODUCER)
                .setParent(trace).setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", Topics.CHAT_MESSAGES)
                .setAttribute("messaging.destination.partition.id", String.valueOf(partition)).startSpan();
        propagator.inject(Context.root().with(span), headers, RECORD_SETTER);
        return span;
    }

    public static void published(Span span, Exception failure) {
        if (span != null) {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure.getMessage());
            }
            span.end();
        }
    }

    /** A span for a frame going out to a user's sockets on this instance, or null when its message is not traced. */
    public Span startDeliver(Context trace, String path) {
        if (!traced(trace)) {
            return null;
        }
        return tracer.spanBuilder("chat deliver").setParent(trace).setAttribute("parley.chat.delivery.path", path)
                .startSpan();
    }

    /** Like {@link #startDeliver(Context, String)} for a consumed record, whose headers carry the trace, if any. */
    public Span startDeliver(Headers headers) {
        if (!enabled || headers.lastHeader(TRACEPARENT) == null) {
            return null;
        }
        Context trace = propagator.extract(Context.root(), headers, RECORD_GETTER);
        if (!traced(trace)) {
            return null;
        }
        return tracer.spanBuilder("chat deliver").setSpanKind(SpanKind.CONSUMER).setParent(trace)
                .setAttribute("parley.chat.delivery.path", "kafka").startSpan();
    }

    public static void delivered(Span span, int sockets) {
        if (span != null) {
            span.setAttribute("parley.chat.sockets", sockets);
            span.end();
        }
    }

    private static boolean traced(Context context) {
        return context != null && Span.fromContext(context).getSpanContext().isSampled();
    }

    private static final TextMapGetter<HandshakeRequest> HANDSHAKE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HandshakeRequest request) {
            return request.headers().keySet();
        }

        @Override
        public String get(HandshakeRequest request, String key) {
            return request == null ? null : request.header(key);
        }
    };

    private static final TextMapSetter<Headers> RECORD_SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Headers> RECORD_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };
}
