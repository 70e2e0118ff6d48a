package io.zerone.insights.ingest.replica;

import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import io.zerone.insights.events.Replicas;

/**
 * Who this replica's listeners are to the broker (docs/adr/0015-static-membership-and-stable-transactional-ids.md).
 * Named by {@code INSIGHTS_INSTANCE_ID}, the consumers of the receipts' and the webhooks' groups are static members,
 * so a restart after a kill gets back at once the partitions its dead run held, instead of after that run's session
 * timed out (45 s), while receipts and {@code Prefer: wait} stood still. A stopped replica leaves its groups
 * ({@link Replicas#leavingOnClose}), so that the partitions of a replica scaled away move at once. Unnamed, membership
 * is dynamic.
 * <p>
 * Several listeners share a group here (four read in ingest-receipts, three in ingest-webhooks, one topic each), and
 * two consumers of one group must never share a {@code group.instance.id}, or the second fences the first: each
 * listener's is {@code {group}-{name}-{listener id}}, to which spring-kafka appends {@code -n} per consumer thread.
 * Boot hands the container customizer to its own container factory (the receipts'); the webhooks' factory takes it
 * too.
 */
@Configuration(proxyBeanMethods = false)
class ReplicaIdentity {

    private final Optional<String> instanceId;

    ReplicaIdentity(@Value("${insights.instance-id:}") String instanceId) {
        this.instanceId = Replicas.instanceId(instanceId);
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer leaveTheGroupWhenStopped() {
        return factory -> instanceId.ifPresent(id -> factory.addPostProcessor(Replicas::leavingOnClose));
    }

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> staticMembership() {
        return container -> instanceId.ifPresent(id -> container.getContainerProperties().getKafkaConsumerProperties()
                .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                        Replicas.groupInstanceId(container.getGroupId(), id) + "-" + container.getListenerId()));
    }
}
