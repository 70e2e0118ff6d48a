package io.zerone.insights.query.projection;

import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.backoff.ExponentialBackOff;

import org.apache.kafka.clients.admin.NewTopic;

import io.zerone.insights.events.MalformedEventException;

/**
 * The failure policy of the projector, declared once: a record that is not an event of the contract goes straight to
 * the dead-letter topic; any other failure (the database away) is retried with back-off first. The dead letter keeps
 * the original bytes and headers and adds the reason ({@code kafka_dlt-exception-message}).
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    @Bean
    NewTopic projectionDeadLetterTopic(ProjectionSettings settings) {
        return TopicBuilder.name(settings.deadLetterTopic()).partitions(1).build();
    }

    @Bean
    DefaultErrorHandler projectionErrorHandler(KafkaOperations<Object, Object> kafka, ProjectionSettings settings) {
        var recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(settings.deadLetterTopic(), -1));
        var backOff = new ExponentialBackOff(settings.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxElapsedTime(settings.retryMaxElapsed().toMillis());
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, IllegalArgumentException.class,
                NullPointerException.class);
        return handler;
    }

    @Bean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }
}
