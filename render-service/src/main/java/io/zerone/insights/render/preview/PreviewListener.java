package io.zerone.insights.render.preview;

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
 * The Kafka adapter of previews, apart from the insights' listener: its own group and container, so a preview never
 * waits behind, nor holds up, a batch of insights. At least once, not transactional: a preview is named by its
 * token, and a second copy of its page replaces the first with the same bytes. A failure is judged by the container's
 * error handler ({@link PreviewConfiguration}).
 */
class PreviewListener {

    static final String ID = "render-previews";

    private static final Logger log = LoggerFactory.getLogger(PreviewListener.class);

    private final PreviewRendering rendering;
    private final KafkaTemplate<String, byte[]> kafka;
    private final long sendTimeoutMillis;

    PreviewListener(PreviewRendering rendering, KafkaTemplate<String, byte[]> kafka, long sendTimeoutMillis) {
        this.rendering = rendering;
        this.kafka = kafka;
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    @KafkaListener(id = ID, groupId = Topics.RENDER_PREVIEWS_GROUP, topics = Topics.INSIGHT_PREVIEWS,
            containerFactory = PreviewConfiguration.CONTAINER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) throws InterruptedException, ExecutionException, TimeoutException {
        // acknowledged before the offset is committed: a preview is never lost, at worst rendered twice
        kafka.send(rendering.process(record)).get(sendTimeoutMillis, TimeUnit.MILLISECONDS);
        log.debug("rendered a preview from {}-{}@{}", record.topic(), record.partition(), record.offset());
    }
}
