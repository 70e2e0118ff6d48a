package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.Topics;

class RecordSizeLimitTests {

    @Test
    void recordWithinTheLimitPasses() {
        RecordSizeLimit limit = new RecordSizeLimit(1024);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INSIGHT_RENDERED, "slug", new byte[900]);

        ProducerRecord<String, byte[]> checked = limit.check(record);

        assertThat(checked).isSameAs(record);
    }

    @Test
    void refusesRecordWhoseKeyValueHeadersAndOverheadExceedTheLimit() {
        RecordSizeLimit limit = new RecordSizeLimit(1024);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INSIGHT_RENDERED, "slug", new byte[900]);
        record.headers().add("ce_type", new byte[100]);

        assertThatThrownBy(() -> limit.check(record))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("slug")
                .hasMessageContaining("limit of 1024 bytes");
    }

    @Test
    void takesTheProducersMaxRequestSizeOrItsBufferMemoryWhicheverIsSmaller() {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INSIGHT_RENDERED, "slug", new byte[3000]);

        RecordSizeLimit byRequestSize = RecordSizeLimit.of(Map.of("max.request.size", "2048", "buffer.memory", 1_000_000L));
        RecordSizeLimit byBufferMemory = RecordSizeLimit.of(Map.of("max.request.size", 4_194_304, "buffer.memory", "2048"));
        RecordSizeLimit byDefaults = RecordSizeLimit.of(Map.of());

        assertThatThrownBy(() -> byRequestSize.check(record)).isInstanceOf(RecordTooLargeException.class);
        assertThatThrownBy(() -> byBufferMemory.check(record)).isInstanceOf(RecordTooLargeException.class);
        assertThat(byDefaults.check(record)).isSameAs(record);
    }
}
