package io.zerone.insights.render.preview;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The largest record the preview's producer sends, measured as it measures one before {@code send()}. A page past it
 * would fail the send, and the request would go to the dead-letter topic while the editor's preview URL stayed a 404
 * for ever; {@link PreviewRendering} measures first, and sends a page that says so instead. The same estimate as the
 * insights' {@code pipeline/RecordSizeLimit}, which dead-letters such a publish.
 *
 * @param maxBytes {@code max.request.size}, or {@code buffer.memory} when that is smaller
 */
record RecordLimit(int maxBytes) {

    static RecordLimit of(Map<String, Object> producerConfig) {
        return new RecordLimit((int) Math.min(
                longValue(producerConfig, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024),
                longValue(producerConfig, ProducerConfig.BUFFER_MEMORY_CONFIG, 32 * 1024 * 1024)));
    }

    /** The estimate {@code KafkaProducer.doSend()} compares with the limit; compression does not enter it. */
    static int size(ProducerRecord<String, byte[]> record) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                key, record.value(), record.headers().toArray());
    }

    boolean admits(int size) {
        return size <= maxBytes;
    }

    private static long longValue(Map<String, Object> config, String name, long defaultValue) {
        Object value = config.get(name);
        return value == null ? defaultValue : Long.parseLong(value.toString().strip());
    }
}
