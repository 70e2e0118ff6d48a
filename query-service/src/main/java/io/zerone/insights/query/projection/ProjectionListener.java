package io.zerone.insights.query.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.Topics;

/**
 * The Kafka adapter of the projector: hands each poll's records to {@link Projector} as one batch, on the listener
 * thread (never a Netty event loop). Where to read is the database's business, not the consumer group's: on every
 * partition assignment it seeks to the next offsets stored with the projection, and the group's committed offsets
 * are informational only. Not started by the rebuild command.
 */
@Component
@ConditionalOnBooleanProperty(name = "query.projection.rebuild", havingValue = false, matchIfMissing = true)
class ProjectionListener implements ConsumerSeekAware {

    /** The listener's id, the name of its container. */
    static final String GROUP = Topics.PROJECTOR_GROUP;

    private static final Logger log = LoggerFactory.getLogger(ProjectionListener.class);

    private final Projector projector;
    private final DeadLetters deadLetters;
    private final RecordTraces traces;
    /**
     * Per assigned partition, the next offset the database holds, so a redelivered record below it costs nothing. A
     * partition is missing here until the consumer has been positioned at that offset.
     */
    private final Map<Integer, Long> positioned = new ConcurrentHashMap<>();

    ProjectionListener(Projector projector, DeadLetters deadLetters, RecordTraces traces) {
        this.projector = projector;
        this.deadLetters = deadLetters;
        this.traces = traces;
    }

    @KafkaListener(id = GROUP, groupId = GROUP, topics = Topics.INSIGHT_RENDERED,
            containerFactory = ProjectionConfiguration.CONTAINER_FACTORY)
    void on(ConsumerRecords<String, byte[]> records, Consumer<?, ?> consumer) {
        List<ConsumerRecord<String, byte[]>> readable = positionedRecords(records, consumer);
        ProjectionBatch batch = ProjectionBatch.decode(Topics.INSIGHT_RENDERED, readable).from(positioned);
        if (batch.isEmpty()) {
            return;
        }
        try {
            project(batch, readable, records.partitions(), consumer);
        } catch (RuntimeException e) {
            if (!ProjectionConfiguration.isDataProblem(e)) {
                throw e; // the error handler retries the poll with back-off, without end (the database away)
            }
            log.warn("the database rejected a batch of {} records ({}); applying them one at a time to find the "
                    + "record it rejects", readable.size(), e.toString());
            projectOneByOne(readable, consumer);
        }
    }

    /**
     * The records of a batch the database rejected, each in its own transaction, until the one it rejects on its own:
     * that one fails the poll as {@link BatchListenerFailedException}, so the error handler keeps what came before it
     * (applied, its offsets stored), seeks back to it and retries it with back-off, and after {@code dead-letter-after}
     * sends that record alone to the dead-letter topic with the database's reason; the records after it are read
     * again. Before, the whole poll (up to 500 good records) followed one bad record to the dead-letter topic, leaving
     * holes in the projection. A failure that is not the data's (the database away) fails the poll as any other.
     */
    private void projectOneByOne(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        Set<TopicPartition> polled = records.stream().map(r -> new TopicPartition(r.topic(), r.partition()))
                .collect(Collectors.toSet());
        for (ConsumerRecord<String, byte[]> record : records) {
            ProjectionBatch single = ProjectionBatch.decode(Topics.INSIGHT_RENDERED, List.of(record)).from(positioned);
            if (single.isEmpty()) {
                continue;
            }
            boolean positionKept;
            try {
                positionKept = project(single, List.of(record), polled, consumer);
            } catch (RuntimeException e) {
                if (!ProjectionConfiguration.isDataProblem(e)) {
                    throw e;
                }
                // the message is what the dead letter's kafka_dlt-exception-message says: the database's reason
                throw new BatchListenerFailedException("the projection database rejected the event: "
                        + NestedExceptionUtils.getMostSpecificCause(e).getMessage(), e, record);
            }
            if (!positionKept) {
                return; // the consumer was sought back to the database's offsets: the next poll goes on from there
            }
        }
    }

    /**
     * Sends the batch's records that are no event to the dead-letter topic and applies the rest in one transaction.
     * Returns false when the database turned out to hold less than it had acknowledged: every partition of the poll
     * is then sought back to what it holds, and no record after this batch may be applied before those.
     */
    private boolean project(ProjectionBatch batch, List<ConsumerRecord<String, byte[]>> records,
            Collection<TopicPartition> polled, Consumer<?, ?> consumer) {
        deadLetters.send(batch.undecodable(), consumer, GROUP);
        Projector.Outcome outcome;
        try (RecordTraces.Batch traced = traces.start(records)) {
            try {
                outcome = projector.applyToActive(batch, Map.copyOf(positioned));
            } catch (RuntimeException e) {
                traced.failed(e);
                throw e;
            }
            traced.applied(outcome.changed());
        } catch (Projector.StoredOffsetsBehind e) {
            // every partition of the batch goes back to what the database holds: the behind ones to read what it
            // lost, the others to read this batch again
            Map<Integer, Long> stored = projector.storedOffsets(Topics.INSIGHT_RENDERED);
            for (TopicPartition partition : polled) {
                long next = stored.getOrDefault(partition.partition(), 0L);
                consumer.seek(partition, next);
                positioned.put(partition.partition(), next);
            }
            log.warn("the database lost applied batches ({}); reading again from its offsets {}", e.getMessage(),
                    stored);
            return false;
        }
        batch.nextOffsets().forEach((partition, next) -> positioned.merge(partition, next, Math::max));
        log.debug("batch of {} records: {} changed, {} superseded, {} duplicates, {} skipped", records.size(),
                outcome.changed().size(), outcome.superseded(), outcome.duplicates(), outcome.skipped());
        return true;
    }

    /**
     * The records of partitions the consumer was positioned in. If the database could not be read when a partition
     * was assigned, the consumer started from the group's offset, which may lie beyond what the database holds: seek
     * now (a failure here fails the batch, which is retried) and read those records again.
     */
    private List<ConsumerRecord<String, byte[]>> positionedRecords(ConsumerRecords<String, byte[]> records,
            Consumer<?, ?> consumer) {
        List<ConsumerRecord<String, byte[]>> readable = new ArrayList<>(records.count());
        Map<Integer, Long> stored = null;
        for (TopicPartition partition : records.partitions()) {
            if (!positioned.containsKey(partition.partition())) {
                stored = stored == null ? projector.storedOffsets(partition.topic()) : stored;
                long next = stored.getOrDefault(partition.partition(), 0L);
                consumer.seek(partition, next);
                positioned.put(partition.partition(), next);
                log.info("positioned {} at offset {} stored with the projection", partition, next);
            } else {
                readable.addAll(records.records(partition));
            }
        }
        return readable;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        Map<Integer, Long> stored;
        try {
            stored = projector.storedOffsets(Topics.INSIGHT_RENDERED);
        } catch (RuntimeException e) {
            log.warn("could not read the stored offsets for {}; positioning at the first batch: {}",
                    assignments.keySet(), e.toString());
            return;
        }
        for (TopicPartition partition : assignments.keySet()) {
            Long next = stored.get(partition.partition());
            if (next == null) {
                callback.seekToBeginning(partition.topic(), partition.partition());
            } else {
                callback.seek(partition.topic(), partition.partition(), next);
            }
            positioned.put(partition.partition(), next == null ? 0L : next);
        }
        log.info("projecting {} from the offsets stored with the projection: {}", assignments.keySet(), stored);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> positioned.remove(partition.partition()));
    }
}
