package io.zerone.insights.query.projection;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Topics;

/**
 * The Kafka adapter of the projector: decodes the CloudEvent and waits for the projector's transaction on the
 * listener thread (never a Netty event loop), so the offset is committed only after the effect.
 */
@Component
class ProjectionListener {

    static final String GROUP = "query-projector";

    private static final Logger log = LoggerFactory.getLogger(ProjectionListener.class);

    private final CloudEventCodec codec = new CloudEventCodec();
    private final Projector projector;
    private final ProjectionSettings settings;

    ProjectionListener(Projector projector, ProjectionSettings settings) {
        this.projector = projector;
        this.settings = settings;
    }

    @KafkaListener(id = GROUP, groupId = GROUP, topics = Topics.INSIGHT_RENDERED)
    void on(ConsumerRecord<String, byte[]> record) {
        if (!(codec.fromRecord(record) instanceof RenderedEvent event)) {
            throw new MalformedEventException("not a rendered event: " + CloudEventCodec.header(record.headers(),
                    CloudEventCodec.TYPE));
        }
        Boolean applied = projector.apply(event).block(settings.applyTimeout());
        log.debug("{} {} revision {}: {}", event.getClass().getSimpleName(), event.slug(), event.revision().offset(),
                Boolean.TRUE.equals(applied) ? "applied" : "already applied or outdated");
    }
}
