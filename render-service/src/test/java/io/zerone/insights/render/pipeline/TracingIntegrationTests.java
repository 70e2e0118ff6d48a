package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.EventTracing;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.SeedEvents;

/**
 * Each record of a batch goes on in its own trace into its rendered record, although the batch renders in one
 * transaction (docs/adr/0016).
 */
class TracingIntegrationTests extends RealBrokerTest {

    static final String HOP_TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final String HOP_TRACEPARENT = "00-" + HOP_TRACE + "-b7ad6b7169203331-01";
    static final String HOP_STARTED_AT = "00-" + HOP_TRACE + "-00f067aa0ba902b7-01";
    static final String EXTENSION_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String EXTENSION_TRACEPARENT = "00-" + EXTENSION_TRACE + "-53995c3f42cd8ad8-01";

    @Test
    void eachRecordOfABatchGoesOnInItsOwnTrace() throws Exception {
        List<InsightPublished> seeds = SeedEvents.load("-traced-" + run).subList(0, 3);
        // the Kafka instrumentation's hop header and the CloudEvents extension, as ingest-service writes them
        ProducerRecord<String, byte[]> bothHeaders = codec.toRecord(Topics.INSIGHT_EVENTS, seeds.get(0));
        bothHeaders.headers().add(EventTracing.TRACEPARENT, utf8(HOP_TRACEPARENT))
                .add(EventTracing.CE_TRACEPARENT, utf8(HOP_STARTED_AT))
                .add(EventTracing.CE_TRACESTATE, utf8("congo=t61rcWkgMzE"));
        // only the extension: a producer without Kafka instrumentation
        ProducerRecord<String, byte[]> extensionOnly = codec.toRecord(Topics.INSIGHT_EVENTS, seeds.get(1));
        extensionOnly.headers().add(EventTracing.CE_TRACEPARENT, utf8(EXTENSION_TRACEPARENT));
        // neither: a record written before tracing
        ProducerRecord<String, byte[]> untraced = codec.toRecord(Topics.INSIGHT_EVENTS, seeds.get(2));

        sendAsOneBatch(List.of(bothHeaders, extensionOnly, untraced));

        Map<String, ConsumerRecord<String, byte[]>> rendered = awaitOutputs(
                record -> record.key().endsWith("-traced-" + run), 3).stream()
                .collect(Collectors.toMap(ConsumerRecord::key, Function.identity(), (first, again) -> first));
        ConsumerRecord<String, byte[]> fromBoth = rendered.get(seeds.get(0).slug());
        assertThat(traceId(fromBoth, EventTracing.TRACEPARENT)).isEqualTo(HOP_TRACE);
        // a span of render-service's own is the next hop's parent, not the producer's
        assertThat(header(fromBoth, EventTracing.TRACEPARENT)).isNotEqualTo(HOP_TRACEPARENT);
        assertThat(header(fromBoth, EventTracing.CE_TRACEPARENT)).isEqualTo(HOP_STARTED_AT);
        assertThat(header(fromBoth, EventTracing.CE_TRACESTATE)).isEqualTo("congo=t61rcWkgMzE");

        ConsumerRecord<String, byte[]> fromExtension = rendered.get(seeds.get(1).slug());
        assertThat(traceId(fromExtension, EventTracing.TRACEPARENT)).isEqualTo(EXTENSION_TRACE);
        assertThat(header(fromExtension, EventTracing.CE_TRACEPARENT)).isEqualTo(EXTENSION_TRACEPARENT);

        ConsumerRecord<String, byte[]> fromUntraced = rendered.get(seeds.get(2).slug());
        String newTrace = traceId(fromUntraced, EventTracing.TRACEPARENT);
        assertThat(newTrace).matches("[0-9a-f]{32}").isNotIn(HOP_TRACE, EXTENSION_TRACE);
        assertThat(header(fromUntraced, EventTracing.CE_TRACEPARENT))
                .isEqualTo(header(fromUntraced, EventTracing.TRACEPARENT));
    }

    private static String traceId(ConsumerRecord<String, byte[]> record, String header) {
        return EventTracing.traceId(header(record, header));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
