package io.zerone.insights.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/** Which of a record's trace headers a consumer continues, and what it writes on (docs/adr/0016). */
class EventTracingTests {

    static final String HOP = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    static final String STARTED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    final io.opentelemetry.api.trace.Tracer otel = SdkTracerProvider.builder().build().get("test");
    final EventTracing tracing = new EventTracing(
            new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { }),
            new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));

    @Test
    void consumerContinuesTheHopBeforeTheExtension() {
        Headers consumed = headers(EventTracing.TRACEPARENT, HOP, EventTracing.CE_TRACEPARENT, STARTED);

        Span span = tracing.continueTrace(consumed, "render");

        assertThat(span.context().traceId()).isEqualTo(EventTracing.traceId(HOP));
        assertThat(span.context().parentId()).isEqualTo("b7ad6b7169203331");
    }

    @Test
    void consumerContinuesTheExtensionWhenNoHopHeaderCameWithIt() {
        Span span = tracing.continueTrace(headers(EventTracing.CE_TRACEPARENT, STARTED), "render");

        assertThat(span.context().traceId()).isEqualTo(EventTracing.traceId(STARTED));
    }

    @Test
    void recordWithoutTraceHeadersStartsANewTrace() {
        Span span = tracing.continueTrace(new RecordHeaders(), "render");

        assertThat(span.context().traceId()).matches("[0-9a-f]{32}");
        assertThat(span.context().parentId()).isNull();
    }

    @Test
    void nextHopGetsTheConsumersSpanAndTheExtensionUnchanged() {
        Headers consumed = headers(EventTracing.TRACEPARENT, HOP, EventTracing.CE_TRACEPARENT, STARTED);
        Span span = tracing.continueTrace(consumed, "render");
        Headers produced = new RecordHeaders();

        tracing.continueChain(span.context(), consumed, produced);

        assertThat(text(produced, EventTracing.TRACEPARENT))
                .isEqualTo("00-" + span.context().traceId() + "-" + span.context().spanId() + "-01");
        assertThat(text(produced, EventTracing.CE_TRACEPARENT)).isEqualTo(STARTED);
        assertThat(produced.headers(EventTracing.TRACEPARENT)).hasSize(1);
    }

    @Test
    void chainStartsAtTheConsumedHopWhenTheRecordHadNoExtension() {
        Headers consumed = headers(EventTracing.TRACEPARENT, HOP);
        Span span = tracing.continueTrace(consumed, "render");
        Headers produced = new RecordHeaders();

        tracing.continueChain(span.context(), consumed, produced);

        assertThat(text(produced, EventTracing.CE_TRACEPARENT)).isEqualTo(HOP);
    }

    @Test
    void newEventCarriesTheContextItWasWrittenInAsHopAndAsExtension() {
        Span request = tracing.continueTrace(headers(EventTracing.TRACEPARENT, HOP), "request");
        Headers produced = new RecordHeaders();

        tracing.startChain(request.context(), produced);

        assertThat(EventTracing.traceId(text(produced, EventTracing.TRACEPARENT))).isEqualTo(EventTracing.traceId(HOP));
        assertThat(text(produced, EventTracing.CE_TRACEPARENT)).isEqualTo(text(produced, EventTracing.TRACEPARENT));
    }

    private static Headers headers(String... namesAndValues) {
        Headers headers = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
