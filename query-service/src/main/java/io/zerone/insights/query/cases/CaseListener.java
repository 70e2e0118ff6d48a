package io.zerone.insights.query.cases;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Topics;
import io.zerone.insights.events.cases.CaseRenderedEvent;
import io.zerone.insights.query.projection.CaseProjector;
import io.zerone.insights.query.projection.RecordListeners;
import io.zerone.insights.query.projection.RetrySettings;

/**
 * Applies each rendered case on the listener thread (never a Netty event loop) before its offset is committed: at
 * least once, and a second copy changes nothing, since only a newer revision is applied. Its own group and container:
 * the projector's batches, offsets and generations know nothing of cases, whose table lives beside the generations.
 * A record that is no rendered case goes to {@link Topics#CASE_RENDERED_DLT} with its reason at once, one the
 * database rejects (a NUL character in its title) after {@code dead-letter-after} with the database's reason;
 * anything else (the database away) is retried without end ({@link RecordListeners}). Not started by the rebuild
 * command.
 */
@Component
@ConditionalOnBooleanProperty(name = "query.projection.rebuild", havingValue = false, matchIfMissing = true)
class CaseListener {

    static final String ID = Topics.CASE_PROJECTOR_GROUP;
    static final String CONTAINER_FACTORY = "caseContainerFactory";

    private final CloudEventCodec codec = new CloudEventCodec();
    private final CaseProjector projector;

    CaseListener(CaseProjector projector) {
        this.projector = projector;
    }

    @KafkaListener(id = ID, groupId = Topics.CASE_PROJECTOR_GROUP, topics = Topics.CASE_RENDERED,
            containerFactory = CONTAINER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        if (!(codec.fromRecord(record) instanceof CaseRenderedEvent event)) {
            throw new MalformedEventException("only rendered cases belong on " + Topics.CASE_RENDERED);
        }
        projector.apply(event);
    }

    @Configuration(proxyBeanMethods = false)
    static class CaseContainer {

        @Bean
        NewTopic caseRenderedDeadLetterTopic() {
            return TopicBuilder.name(Topics.CASE_RENDERED_DLT).partitions(1).configs(Topics.LARGE_RECORDS).build();
        }

        @Bean(CONTAINER_FACTORY)
        ConcurrentKafkaListenerContainerFactory<Object, Object> caseContainerFactory(ConsumerFactory<?, ?> consumers,
                KafkaOperations<Object, Object> kafka, RetrySettings retry,
                @Value("${insights.instance-id:}") String instanceId) {
            return RecordListeners.containerFactory(consumers, kafka, Topics.CASE_RENDERED_DLT,
                    Topics.CASE_PROJECTOR_GROUP, retry, instanceId);
        }
    }
}
