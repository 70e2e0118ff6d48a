package io.zerone.insights.render.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The producer's own size check, made before {@code send()}. The producer throws {@link RecordTooLargeException}
 * from {@code send()} too, but that puts a transactional producer into an abortable state: every other output of the
 * batch would be rolled back with it. Found here, the failure is the record's alone, and it goes to the DLT. The
 * previews measure their page with it too, and send one that says it is too large instead (preview/PreviewRendering).
 */
public final class RecordSizeLimit {

    private final int maxBytes;

    public RecordSizeLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The limit the producer applies: {@code max.request.size}, or {@code buffer.memory} when that is smaller. */
    public static RecordSizeLimit of(Map<String, Object> producerConfig) {
        return new RecordSizeLimit((int) Math.min(
                longValue(producerConfig, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024),
                longValue(producerConfig, ProducerConfig.BUFFER_MEMORY_CONFIG, 32 * 1024 * 1024)));
    }

    /** @throws RecordTooLargeException when the producer would refuse the record */
    ProducerRecord<String, byte[]> check(ProducerRecord<String, byte[]> record) {
        int size = size(record);
        if (!admits(size)) {
            throw new RecordTooLargeException("the rendered record for " + record.key() + " is " + size
                    + " bytes when serialized, more than the producer's limit of " + maxBytes + " bytes");
        }
        return record;
    }

    /** The estimate {@code KafkaProducer.doSend()} compares with the limit; compression does not enter it. */
    public static int size(ProducerRecord<String, byte[]> record) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                key, record.value(), record.headers().toArray());
    }

    /** Whether the producer sends a record of this {@link #size}. */
    public boolean admits(int size) {
        return size <= maxBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    private static long longValue(Map<String, Object> config, String name, long defaultValue) {
        Object value = config.get(name);
        return value == null ? defaultValue : Long.parseLong(value.toString().strip());
    }
}
