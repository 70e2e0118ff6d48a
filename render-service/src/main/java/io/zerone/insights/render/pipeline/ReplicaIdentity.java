package io.zerone.insights.render.pipeline;

import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.DefaultTransactionIdSuffixStrategy;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import io.zerone.insights.events.Replicas;
import io.zerone.insights.events.Topics;

/**
 * Who this replica is to the broker, so that a restart after a crash takes over at once
 * (docs/adr/0015-static-membership-and-stable-transactional-ids.md). A replica named by {@code INSIGHTS_INSTANCE_ID}
 * is a static member of the group ({@code group.instance.id} render-service-{id}-{n}, one per consumer thread): its
 * restart gets the partitions back without waiting for the dead member's session to time out. Its producers use the
 * transactional ids render-service-{id}-{n}, n below the concurrency, and initialize all of them before consuming
 * ({@link PreviousRunFence}): that fences the crashed run's producers and aborts a transaction it left open, which
 * read_committed readers downstream would otherwise wait behind until it timed out. An unnamed replica keeps dynamic
 * membership and the random prefix of render-service.properties.
 */
@Configuration(proxyBeanMethods = false)
class ReplicaIdentity {

    private final Optional<String> instanceId;
    private final int concurrency;

    ReplicaIdentity(@Value("${insights.instance-id:}") String instanceId, KafkaProperties kafka) {
        this.instanceId = Replicas.instanceId(instanceId);
        Integer threads = kafka.getListener().getConcurrency();
        this.concurrency = threads == null ? 1 : threads;
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer stableTransactionalIds() {
        return factory -> instanceId.ifPresent(id -> {
            factory.setTransactionIdPrefix(Replicas.groupInstanceId(Topics.RENDER_GROUP, id) + "-");
            // at most one producer per consumer thread, each reusing the suffix of one that was closed: the ids a
            // restart initializes are exactly those its previous run could have left a transaction open on
            factory.setTransactionIdSuffixStrategy(new DefaultTransactionIdSuffixStrategy(concurrency));
        });
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer leaveTheGroupWhenStopped() {
        return factory -> instanceId.ifPresent(id -> factory.addPostProcessor(Replicas::leavingOnClose));
    }

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> staticMembership() {
        return container -> instanceId.ifPresent(id -> container.getContainerProperties().getKafkaConsumerProperties()
                .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, Replicas.groupInstanceId(Topics.RENDER_GROUP, id)));
    }

    @Bean
    PreviousRunFence previousRunFence(ProducerFactory<?, ?> producers) {
        return new PreviousRunFence(producers, instanceId.isPresent() ? concurrency : 0);
    }
}
