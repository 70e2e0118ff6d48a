package io.zerone.insights.render.pipeline;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;

/** What an operator does with kafka-consumer-groups --reset-offsets --to-earliest: stop, rewind the group, start. */
final class ConsumerGroupReplay {

    private ConsumerGroupReplay() {
    }

    static void fromTheBeginning(KafkaAdmin kafkaAdmin, MessageListenerContainer container, String group, String topic) {
        container.stop();
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get().get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.earliest()));
            Map<TopicPartition, OffsetAndMetadata> earliest = admin.listOffsets(partitions).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
            // the broker refuses while the stopped member has not yet left the group
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> admin.alterConsumerGroupOffsets(group, earliest).all().get() == null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot rewind " + group, e);
        } finally {
            container.start();
        }
    }
}
