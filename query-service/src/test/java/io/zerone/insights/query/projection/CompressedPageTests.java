package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;
import io.zerone.insights.query.Decompressed;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;

class CompressedPageTests {

    private static final String TOPIC = Topics.INSIGHT_RENDERED;

    @Test
    void bothCodingsDecompressToTheIdentityBytes() {
        String page = RenderedEvents.rendered(Seed.all().get(0)).pageHtml() + " ünïcødé ✓";
        byte[] identity = page.getBytes(StandardCharsets.UTF_8);

        CompressedPage compressed = CompressedPage.of(page);

        assertThat(Decompressed.gzip(compressed.gzip())).isEqualTo(identity);
        assertThat(Decompressed.brotli(compressed.brotli())).isEqualTo(identity);
        assertThat(compressed.brotli().length).isLessThan(compressed.gzip().length).isLessThan(identity.length);
    }

    @Test
    void decodingCompressesEveryPageOnceAndTheProjectorTakesThatCopy() {
        InsightRendered first = RenderedEvents.rendered(Seed.all().get(0));
        InsightRendered again = RenderedEvents.rendered(Seed.all().get(0)); // a newer revision, the same page
        InsightRendered other = RenderedEvents.rendered(Seed.all().get(1));

        var batch = ProjectionBatch.decode(TOPIC, List.of(record(first, 1), record(again, 2), record(other, 3),
                record(new InsightRemoved(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), new Revision(0, 9),
                        "gone", null), 4)));

        assertThat(batch.compressedPages()).hasSize(2);
        InsightRendered decoded = (InsightRendered) batch.events().get(0).event();
        assertThat(batch.compressedPage(decoded)).isSameAs(batch.compressedPages().get(first.pageHtml()));
        assertThat(batch.from(java.util.Map.of(0, 3L)).compressedPage(decoded))
                .isSameAs(batch.compressedPage(decoded));
        assertThat(Decompressed.gzip(batch.compressedPage(decoded).gzip()))
                .isEqualTo(first.pageHtml().getBytes(StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<String, byte[]> record(RenderedEvent event, long offset) {
        ProducerRecord<String, byte[]> record = new CloudEventCodec().toRecord(TOPIC, event);
        return new ConsumerRecord<>(TOPIC, 0, offset, 0L, TimestampType.CREATE_TIME, 0, 0, record.key(),
                record.value(), record.headers(), Optional.empty());
    }
}
