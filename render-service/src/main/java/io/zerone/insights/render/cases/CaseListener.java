package io.zerone.insights.render.cases;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

import io.zerone.insights.events.Topics;

/**
 * The Kafka adapter of cases, apart from the insights' listener: its own group and container. At least once, not
 * transactional: a case's rendering is named by its source event and revision, and query-service applies only a newer
 * revision, so a second copy changes nothing. A failure is judged by the container's error handler
 * ({@link CaseConfiguration}).
 */
class CaseListener {

    static final String ID = "render-cases";

    private static final Logger log = LoggerFactory.getLogger(CaseListener.class);

    private final CaseRendering rendering;
    private final KafkaTemplate<String, byte[]> kafka;
    private final long sendTimeoutMillis;

    CaseListener(CaseRendering rendering, KafkaTemplate<String, byte[]> kafka, long sendTimeoutMillis) {
        this.rendering = rendering;
        this.kafka = kafka;
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    @KafkaListener(id = ID, groupId = Topics.RENDER_CASES_GROUP, topics = Topics.CASE_EVENTS,
            containerFactory = CaseConfiguration.CONTAINER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) throws InterruptedException, ExecutionException, TimeoutException {
        // acknowledged before the offset is committed: a case is never lost, at worst rendered twice
        kafka.send(rendering.process(record)).get(sendTimeoutMillis, TimeUnit.MILLISECONDS);
        log.debug("rendered case {} from {}-{}@{}", record.key(), record.topic(), record.partition(), record.offset());
    }
}
