package io.zerone.insights.query.projection;

import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.zerone.insights.events.Replicas;
import io.zerone.insights.events.Topics;

/**
 * Who this replica's projector is to the broker (docs/adr/0015-static-membership-and-stable-transactional-ids.md).
 * Named by {@code INSIGHTS_INSTANCE_ID}, its consumers are static members of the group
 * ({@code group.instance.id} query-projector-{id}-{n}, one per consumer thread), so a restart after a kill gets back
 * the partitions its dead run held at once, instead of after that run's session timed out; a stopped replica leaves
 * the group, so that its partitions move at once. Unnamed, membership is dynamic.
 */
@Configuration(proxyBeanMethods = false)
class ProjectorReplica {

    private final Optional<String> instanceId;

    ProjectorReplica(@Value("${insights.instance-id:}") String instanceId) {
        this.instanceId = Replicas.instanceId(instanceId);
    }

    /** The {@code group.instance.id} of the live projector's consumers, to which spring-kafka appends {@code -n}. */
    Optional<String> groupInstanceId() {
        return instanceId.map(id -> Replicas.groupInstanceId(Topics.PROJECTOR_GROUP, id));
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer leaveTheGroupWhenStopped() {
        return factory -> instanceId.ifPresent(id -> factory.addPostProcessor(Replicas::leavingOnClose));
    }
}
