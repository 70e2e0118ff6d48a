package io.zerone.insights.render.pipeline;

import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.PartitionCounts;

/**
 * Stops the start of this service before Spring's KafkaAdmin adds partitions to a topic of a running store
 * ({@link PartitionCounts}): it is made with the other singletons, so before KafkaAdmin creates or changes a topic.
 */
@Component
class TopicPartitionGuard {

    private static final Logger log = LoggerFactory.getLogger(TopicPartitionGuard.class);

    TopicPartitionGuard(ObjectProvider<KafkaAdmin> kafka, ObjectProvider<NewTopic> declared,
            @Value("${spring.kafka.admin.auto-create:true}") boolean topicsCreated) {
        if (!topicsCreated) {
            return; // KafkaAdmin creates and changes no topic
        }
        kafka.ifAvailable(admin -> {
            if (!PartitionCounts.refuseGrowth(admin.getConfigurationProperties(), declared.orderedStream().toList())) {
                log.warn("could not compare the partition counts of the topics this service declares with the "
                        + "broker's within {}; KafkaAdmin may still grow one if the broker answers it later",
                        PartitionCounts.TIMEOUT);
            }
        });
    }
}
