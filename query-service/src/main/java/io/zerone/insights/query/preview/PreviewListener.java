package io.zerone.insights.query.preview;

import java.time.Clock;
import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.PreviewRendered;
import io.zerone.insights.events.Topics;

/**
 * Stores each rendered preview, on the listener thread (never a Netty event loop), before its offset is committed:
 * at least once, and a second copy is a no-op. A preview that expired on the way is dropped. Its own group and
 * container: the projector's batches, offsets and generations know nothing of previews. Not started by the rebuild
 * command.
 */
@Component
@ConditionalOnBooleanProperty(name = "query.projection.rebuild", havingValue = false, matchIfMissing = true)
class PreviewListener {

    static final String ID = Topics.PREVIEW_STORE_GROUP;

    private static final Logger log = LoggerFactory.getLogger(PreviewListener.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

    private final CloudEventCodec codec = new CloudEventCodec();
    private final StoredPreviews previews;
    private final Clock clock;

    PreviewListener(StoredPreviews previews) {
        this.previews = previews;
        this.clock = Clock.systemUTC();
    }

    @KafkaListener(id = ID, groupId = Topics.PREVIEW_STORE_GROUP, topics = Topics.INSIGHT_PREVIEWS_RENDERED,
            containerFactory = PreviewConfiguration.CONTAINER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        if (!(codec.fromRecord(record) instanceof PreviewRendered preview)) {
            throw new MalformedEventException("only rendered previews belong on " + Topics.INSIGHT_PREVIEWS_RENDERED);
        }
        if (!preview.expiresAt().isAfter(clock.instant())) {
            log.debug("dropped a preview that expired at {} before it was stored", preview.expiresAt());
            return;
        }
        previews.save(preview.token(), preview.pageHtml(), preview.expiresAt()).block(STORE_TIMEOUT);
    }
}
