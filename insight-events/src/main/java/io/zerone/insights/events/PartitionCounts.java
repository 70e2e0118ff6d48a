package io.zerone.insights.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Refuses a partition count that would grow a topic of a running store. Spring's KafkaAdmin adds partitions to a
 * declared topic that has fewer than declared, so a larger {@code KAFKA_PARTITIONS} given to a running store (to run
 * more render or projector replicas, say) would quietly regrow every topic: a slug then hashes to another partition,
 * where its next records start at low offsets, and the revision marker of each new revision (partition and offset,
 * docs/adr/0002) reads as older than the stored one, so the projector drops it as superseded while ingest accepted
 * it. Each service checks the topics it declares while its context starts, before KafkaAdmin runs, and fails to
 * start with the counts in the message. A topic that does not exist yet is created with the count given, and one that
 * never held a record may grow (nothing moves). A broker that does not answer within {@link #TIMEOUT} is not checked:
 * KafkaAdmin, which waits longer, may still grow a topic if the broker comes up in between.
 */
public final class PartitionCounts {

    /** Long enough for a broker that answers; a start without the broker waits this long once. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private PartitionCounts() {
    }

    /**
     * @param adminConfig how to reach the broker (KafkaAdmin's configuration properties)
     * @param declared the topics the service would create, with their partition counts
     * @return false when the broker could not be asked (for the caller to log), true when no topic would grow
     * @throws IllegalStateException naming every declared topic that exists with fewer partitions than declared
     */
    public static boolean refuseGrowth(Map<String, Object> adminConfig, Collection<NewTopic> declared) {
        Map<String, Integer> counts = new HashMap<>();
        declared.stream().filter(topic -> topic.numPartitions() > 0)
                .forEach(topic -> counts.merge(topic.name(), topic.numPartitions(), Math::max));
        if (counts.isEmpty()) {
            return true;
        }
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        List<String> grown = new ArrayList<>();
        boolean checked = true;
        Admin admin;
        try {
            admin = Admin.create(config);
        } catch (KafkaException e) {
            return false; // a bootstrap address that does not resolve: the listeners report it as well
        }
        try {
            for (var topic : admin.describeTopics(counts.keySet()).topicNameValues().entrySet()) {
                try {
                    TopicDescription existing = topic.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    int wanted = counts.get(topic.getKey());
                    // an empty topic (a reader's subscription made it with the broker's default count) grows harmlessly
                    if (wanted > existing.partitions().size() && holdsRecords(admin, existing)) {
                        grown.add("%s has %d partitions, this service is configured for %d".formatted(
                                topic.getKey(), existing.partitions().size(), wanted));
                    }
                } catch (ExecutionException e) {
                    checked &= e.getCause() instanceof UnknownTopicOrPartitionException; // created as declared
                } catch (TimeoutException e) {
                    checked = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checked = false;
        } finally {
            admin.close(Duration.ZERO); // what it still waits for, it was waited for long enough
        }
        if (!grown.isEmpty()) {
            throw new IllegalStateException(String.join("; ", grown) + ". Adding partitions to a topic of a running "
                    + "store moves slugs to other partitions, where their new revisions would be taken for older ones "
                    + "and dropped; the partition count (KAFKA_PARTITIONS) is chosen before the first start. Configure "
                    + "the count the topics have (docs/adr/0002-compacted-topics-keyed-by-slug.md).");
        }
        return checked;
    }

    private static boolean holdsRecords(Admin admin, TopicDescription topic)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        topic.partitions().forEach(partition -> ends.put(new TopicPartition(topic.name(), partition.partition()),
                OffsetSpec.latest()));
        return admin.listOffsets(ends).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values().stream()
                .anyMatch(end -> end.offset() > 0);
    }
}
