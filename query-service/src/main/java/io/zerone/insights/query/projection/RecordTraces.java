package io.zerone.insights.query.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.zerone.insights.events.EventTracing;
import io.zerone.insights.events.Topics;

/**
 * The projector applies a poll in one transaction, and spring-kafka observes records one by one, not batches: so
 * each record's trace is continued here, from its headers, in a span that lasts from before the batch's transaction
 * to its end, and the line that says what became of the record is logged in that span (docs/adr/0016).
 */
@Component
class RecordTraces {

    private static final Logger log = LoggerFactory.getLogger(RecordTraces.class);

    private final EventTracing tracing;

    RecordTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracing = new EventTracing(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    /** Starts a span per record; closing the batch ends them. */
    Batch start(List<ConsumerRecord<String, byte[]>> records) {
        List<Span> spans = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            spans.add(tracing.continueTrace(record.headers(), "project " + Topics.INSIGHT_RENDERED));
        }
        return new Batch(records, spans);
    }

    final class Batch implements AutoCloseable {

        private final List<ConsumerRecord<String, byte[]>> records;
        private final List<Span> spans;

        private Batch(List<ConsumerRecord<String, byte[]>> records, List<Span> spans) {
            this.records = records;
            this.spans = spans;
        }

        /** After the commit: one line per record, in its trace, saying whether it changed the projection. */
        void applied(Collection<String> changedSlugs) {
            if (!log.isDebugEnabled()) {
                return;
            }
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<String, byte[]> record = records.get(i);
                try (Tracer.SpanInScope scope = tracing.inScope(spans.get(i))) {
                    log.debug("{} {} from {}-{}@{}", changedSlugs.contains(record.key())
                            ? "applied" : "nothing to apply (older, duplicate or applied before):",
                            record.key(), record.topic(), record.partition(), record.offset());
                }
            }
        }

        void failed(Throwable failure) {
            spans.forEach(span -> span.error(failure));
        }

        @Override
        public void close() {
            spans.forEach(Span::end);
        }
    }
}
