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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Topics;

/**
 * Reads insight-rendered from where a generation stands up to given offsets and applies it to that generation through
 * the projector, with plain consumers: partitions assigned by hand, no consumer group, read_committed like the live
 * projector. Several consumers side by side for the bulk of a rebuild; one, on the caller's thread and in its
 * transaction, for the switch.
 */
@Component
class RebuildReplay {

    /**
     * An event the database rejects on its own (a text PostgreSQL cannot store, a constraint): the live projector
     * sent it to the dead-letter topic (or superseded it in its batch by a newer revision), the replay skips it.
     */
    record Rejected(String slug, int partition, long offset, String reason) {
    }

    private static final Logger log = LoggerFactory.getLogger(RebuildReplay.class);
    private static final String TOPIC = Topics.INSIGHT_RENDERED;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Map<String, Object> consumerConfig;
    private final Projector projector;
    private final ProjectionSettings settings;
    /**
     * A batch at a savepoint inside the switch's transaction (a new transaction outside one), so that a batch the
     * database rejects can be taken back and applied again one record at a time without losing the switch.
     */
    private final TransactionTemplate savepoint;
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();

    RebuildReplay(ConsumerFactory<?, ?> consumerFactory, Projector projector, ProjectionSettings settings,
            ProjectorDatabase database) {
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
        this.savepoint = new TransactionTemplate(database.transaction().getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
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
     * the limits; reports every interval while it waits. The records the database rejects are added to
     * {@code rejected}.
     */
    void replay(String target, Map<Integer, Long> limits, Collection<Rejected> rejected, Runnable report) {
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
                    .<Future<?>>map(group -> threads.submit(() -> replayOnThisThread(target, group, limits, rejected)))
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

    /**
     * Replays these partitions on the calling thread, each batch in the thread's transaction if it has one; the
     * records the database rejects are added to {@code rejected}.
     */
    void replayOnThisThread(String target, Collection<TopicPartition> partitions, Map<Integer, Long> limits,
            Collection<Rejected> rejected) {
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
                    try {
                        savepoint.executeWithoutResult(status -> projector.applyTo(target, batch));
                    } catch (RuntimeException e) {
                        if (!ProjectionConfiguration.isDataProblem(e)) {
                            throw e; // the database or the broker away: the rebuild fails and drops its schema
                        }
                        log.warn("rebuild: the database rejected a batch of {} records ({}); applying them one at a "
                                + "time to skip the ones it rejects", below.size(),
                                NestedExceptionUtils.getMostSpecificCause(e).getMessage());
                        applyOneByOne(target, below, rejected);
                    }
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

    /**
     * As the live projector does with a batch the database rejected ({@code ProjectionListener.projectOneByOne}),
     * each record in its own transaction (savepoint); but where the live projector sends the record the database
     * rejects on its own to the dead-letter topic, the replay skips it: that record is on the dead-letter topic
     * already, and compaction keeps it as long as it is its slug's newest, so failing on it would fail every rebuild.
     */
    private void applyOneByOne(String target, List<ConsumerRecord<String, byte[]>> records,
            Collection<Rejected> rejected) {
        for (ConsumerRecord<String, byte[]> record : records) {
            ProjectionBatch single = ProjectionBatch.decode(TOPIC, List.of(record));
            try {
                savepoint.executeWithoutResult(status -> projector.applyTo(target, single));
            } catch (RuntimeException e) {
                if (!ProjectionConfiguration.isDataProblem(e) || single.events().isEmpty()) {
                    throw e;
                }
                RenderedEvent event = single.events().get(0).event();
                String reason = NestedExceptionUtils.getMostSpecificCause(e).getMessage();
                log.warn("rebuild: skipping {} at {}-{} offset {}, which the database rejects: {}", event.slug(),
                        record.topic(), record.partition(), record.offset(), reason);
                rejected.add(new Rejected(event.slug(), record.partition(), record.offset(), reason));
                // past it, as the live projector is once it dead-lettered it: a later phase must not read it again
                projector.storeOffsets(target, TOPIC, Map.of(record.partition(), record.offset() + 1));
            }
        }
    }

    private static long limit(Map<Integer, Long> limits, TopicPartition partition) {
        return limits.getOrDefault(partition.partition(), 0L);
    }
}
