package io.zerone.insights.query.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.Topics;

/**
 * Reads insight-rendered from where a generation stands up to given offsets and applies it to that generation through
 * the projector, with plain consumers: partitions assigned by hand, no consumer group, read_committed like the live
 * projector. Several consumers side by side for the bulk of a rebuild; one, on the caller's thread and in its
 * transaction, for the switch.
 */
@Component
class RebuildReplay {

    private static final String TOPIC = Topics.INSIGHT_RENDERED;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Map<String, Object> consumerConfig;
    private final Projector projector;
    private final ProjectionSettings settings;
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();

    RebuildReplay(ConsumerFactory<?, ?> consumerFactory, Projector projector, ProjectionSettings settings) {
        Map<String, Object> config = new HashMap<>(consumerFactory.getConfigurationProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // never a record of a transaction render-service aborted, as in the live projector
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        ProjectionConfiguration.consumerOverrides(settings).forEach((key, value) -> config.put((String) key, value));
        this.consumerConfig = Map.copyOf(config);
        this.projector = projector;
        this.settings = settings;
    }

    /** Records read and applied (or found to be already applied) so far. */
    long replayed() {
        return replayed.get();
    }

    /** Records that were not events; the live projector sent them to the dead-letter topic already. */
    long undecodable() {
        return undecodable.get();
    }

    /**
     * Replays into the target, with as many consumers as the live projector runs, until it holds every record below
     * the limits; reports every interval while it waits.
     */
    void replay(String target, Map<Integer, Long> limits, Runnable report) {
        List<List<TopicPartition>> groups = new ArrayList<>();
        int consumers = Math.max(1, Math.min(settings.concurrency(), limits.size()));
        for (int i = 0; i < consumers; i++) {
            groups.add(new ArrayList<>());
        }
        limits.keySet().stream().sorted()
                .forEach(partition -> groups.get(partition % consumers).add(new TopicPartition(TOPIC, partition)));
        ExecutorService threads = Executors.newFixedThreadPool(consumers, runnable -> {
            Thread thread = new Thread(runnable, "projection-rebuild-" + CLIENTS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = groups.stream()
                    .<Future<?>>map(group -> threads.submit(() -> replayOnThisThread(target, group, limits)))
                    .toList();
            for (Future<?> consumer : running) {
                awaitReporting(consumer, report);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void awaitReporting(Future<?> consumer, Runnable report) {
        while (true) {
            try {
                consumer.get(settings.rebuildReportInterval().toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                report.run();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("replay failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("replay interrupted", e);
            }
        }
    }

    /** Replays these partitions on the calling thread, each batch in the thread's transaction if it has one. */
    void replayOnThisThread(String target, Collection<TopicPartition> partitions, Map<Integer, Long> limits) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "query-projection-rebuild-" + CLIENTS.incrementAndGet());
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.endOffsets(partitions).forEach((partition, end) -> {
                if (limit(limits, partition) > end) {
                    throw new IllegalStateException("the projection holds offset " + limit(limits, partition) + " of "
                            + partition + ", beyond its end " + end + ": was the topic recreated?");
                }
            });
            Map<Integer, Long> stored = projector.storedOffsets(target, TOPIC);
            Set<TopicPartition> remaining = new HashSet<>();
            for (TopicPartition partition : partitions) {
                long from = stored.getOrDefault(partition.partition(), 0L);
                if (from < limit(limits, partition)) {
                    consumer.seek(partition, from);
                    remaining.add(partition);
                }
            }
            consumer.pause(partitions.stream().filter(p -> !remaining.contains(p)).toList());
            while (!remaining.isEmpty()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                List<ConsumerRecord<String, byte[]>> below = new ArrayList<>(records.count());
                records.forEach(record -> {
                    if (record.offset() < limit(limits, new TopicPartition(record.topic(), record.partition()))) {
                        below.add(record);
                    }
                });
                if (!below.isEmpty()) {
                    ProjectionBatch batch = ProjectionBatch.decode(TOPIC, below);
                    projector.applyTo(target, batch);
                    replayed.addAndGet(below.size());
                    undecodable.addAndGet(batch.undecodable().size());
                }
                for (TopicPartition partition : List.copyOf(remaining)) {
                    if (consumer.position(partition) >= limit(limits, partition)) {
                        remaining.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
            }
        }
    }

    private static long limit(Map<Integer, Long> limits, TopicPartition partition) {
        return limits.getOrDefault(partition.partition(), 0L);
    }
}
