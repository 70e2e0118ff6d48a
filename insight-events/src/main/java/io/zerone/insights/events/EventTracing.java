package io.zerone.insights.events;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * How a trace crosses Kafka (docs/adr/0016-tracing-across-kafka.md): W3C trace context in two places of a record's
 * headers. {@code traceparent} / {@code tracestate} belong to the hop, as any Kafka instrumentation writes them;
 * {@code ce_traceparent} / {@code ce_tracestate}, the CloudEvents distributed-tracing extension in binary mode, hold
 * the context the event's chain started in (the editor's request) and are copied unchanged from hop to hop.
 */
public final class EventTracing {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    public static final String CE_TRACEPARENT = CloudEventCodec.EXTENSION_PREFIX + TRACEPARENT;
    public static final String CE_TRACESTATE = CloudEventCodec.EXTENSION_PREFIX + TRACESTATE;

    /**
     * Reads the hop's context when the record has one, else the extension's, as a pair: never a traceparent from one
     * place with a tracestate from the other.
     */
    private static final Propagator.Getter<Headers> GETTER = (headers, key) -> {
        String prefix = headers.lastHeader(TRACEPARENT) != null ? "" : CloudEventCodec.EXTENSION_PREFIX;
        return text(headers.lastHeader(prefix + key));
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public EventTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * A started span that continues the trace the record carries, or starts a new trace when it carries none (a
     * record written before tracing, or by a producer without it). The caller puts it in scope and ends it.
     */
    public Span continueTrace(Headers consumed, String name) {
        return propagator.extract(consumed, GETTER).name(name).kind(Span.Kind.CONSUMER).start();
    }

    /** The span in scope on this thread, or null. */
    public Span currentSpan() {
        return tracer.currentSpan();
    }

    /** A scope for the span: its ids are in the log lines (MDC) until closed. */
    public Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }

    /**
     * For a new event, written in {@code context}: the hop's context and the extension alike, as the extension
     * prescribes for the first hop.
     */
    public void startChain(TraceContext context, Headers produced) {
        propagator.inject(context, produced, EventTracing::replace);
        startExtension(context, produced);
    }

    /**
     * For an event made from a consumed one, in {@code context}: that context as the hop's, and the extension copied
     * from the consumed record; where that has none, the chain started at the consumed hop, or else starts here.
     */
    public void continueChain(TraceContext context, Headers consumed, Headers produced) {
        propagator.inject(context, produced, EventTracing::replace);
        if (consumed.lastHeader(CE_TRACEPARENT) != null) {
            copy(consumed, CE_TRACEPARENT, produced);
            copy(consumed, CE_TRACESTATE, produced);
        } else if (consumed.lastHeader(TRACEPARENT) != null) {
            copy(consumed, TRACEPARENT, CE_TRACEPARENT, produced);
            copy(consumed, TRACESTATE, CE_TRACESTATE, produced);
        } else {
            startExtension(context, produced);
        }
    }

    private void startExtension(TraceContext context, Headers produced) {
        propagator.inject(context, produced, (headers, key, value) ->
                replace(headers, CloudEventCodec.EXTENSION_PREFIX + key, value));
    }

    /** The trace id of a W3C traceparent ({@code 00-<trace id>-<parent id>-<flags>}), or null. */
    public static String traceId(String traceparent) {
        return traceparent == null || traceparent.length() < 35 ? null : traceparent.substring(3, 35);
    }

    private static void copy(Headers from, String name, Headers to) {
        copy(from, name, name, to);
    }

    private static void copy(Headers from, String name, String as, Headers to) {
        Header header = from.lastHeader(name);
        to.remove(as);
        if (header != null) {
            to.add(as, header.value());
        }
    }

    private static void replace(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
