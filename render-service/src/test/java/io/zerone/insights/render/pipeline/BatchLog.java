package io.zerone.insights.render.pipeline;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.BatchInterceptor;

/** Every batch the listener was given and how it ended, so that a test can tell which records shared a batch. */
@TestConfiguration(proxyBeanMethods = false)
class BatchLog {

    /** One attempt at a batch: its records in the order the listener saw them, and whether the listener completed it. */
    record Batch(List<Position> records, boolean completed) {

        boolean holdsAll(List<String> keys) {
            return records.stream().map(Position::key).toList().containsAll(keys);
        }

        boolean holdsAny(Predicate<String> key) {
            return records.stream().map(Position::key).anyMatch(key);
        }

        long partitions(Predicate<String> key) {
            return records.stream().filter(record -> key.test(record.key())).map(Position::partition).distinct().count();
        }
    }

    record Position(String key, int partition, long offset) {
    }

    static final Queue<Batch> BATCHES = new ConcurrentLinkedQueue<>();

    static List<Batch> batchesWith(Predicate<String> key) {
        return BATCHES.stream().filter(batch -> batch.holdsAny(key)).toList();
    }

    @Bean
    BatchInterceptor<Object, Object> batchLog() {
        return new BatchInterceptor<>() {
            @Override
            public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
                    Consumer<Object, Object> consumer) {
                return records;
            }

            @Override
            public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
                BATCHES.add(new Batch(positions(records), true));
            }

            @Override
            public void failure(ConsumerRecords<Object, Object> records, Exception exception,
                    Consumer<Object, Object> consumer) {
                BATCHES.add(new Batch(positions(records), false));
            }
        };
    }

    private static List<Position> positions(ConsumerRecords<Object, Object> records) {
        return StreamSupport.stream(records.spliterator(), false)
                .map(record -> new Position(String.valueOf(record.key()), record.partition(), record.offset()))
                .toList();
    }
}
