package io.zerone.insights.ingest.webhooks;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import io.zerone.insights.events.Topics;

/**
 * The webhook listeners' container: batches, so that a burst of outcomes (a bulk load going live) is one insert per
 * poll; their own error handler, set here rather than declared as a bean, which would take the receipts' away from
 * Boot's default container factory.
 */
@Configuration(proxyBeanMethods = false)
class WebhooksConfiguration {

    static final String CONTAINER_FACTORY = "webhookListenerContainerFactory";

    /** Overridable only so that a test can keep its own offsets apart from other contexts on a shared broker. */
    static final String GROUP = "${insights.webhooks.group-id:" + Topics.WEBHOOKS_GROUP + "}";

    /** Without subscribers or a database there is nothing to deliver: the listeners stay off, out of the group. */
    static final String AUTO_STARTUP = "#{@webhookDispatcher.active()}";

    /**
     * A new group starts from the end of the topics: a deployment that configures its first subscriber is told what
     * happens from then on, not the week of outcomes insight-status keeps. Once the group has offsets, a replica that
     * was down goes on from them, so nothing is missed across restarts.
     */
    static final String NEW_GROUP_STARTS_AT_THE_END = "auto.offset.reset=latest";

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> webhookListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            ObjectProvider<ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>> customizer) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        // as Boot's own factory: the configurer leaves out the container customizer (replica/ReplicaIdentity's static
        // membership), which Boot hands its factory itself
        customizer.ifUnique(factory::setContainerCustomizer);
        factory.setBatchListener(true);
        // the only failure a listener throws is the database's: the batch is tried again, without end, so that no
        // outcome is lost while PostgreSQL is away (the partition waits meanwhile)
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(10).toMillis());
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
    }

    @Bean
    Notifications webhookNotifications(WebhookProperties properties) {
        return new Notifications(properties.siteUrl());
    }
}
