package io.zerone.insights.ingest.receipts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.Topics;

/**
 * insight-events.DLT, render-service's dead letters: the editor's own record, which may not even be JSON, so it is
 * known by its {@code ce_id} header (the eventId the request was answered with), never by its value.
 */
@Component
class RenderDeadLetterListener {

    private final ReceiptProgress progress;

    RenderDeadLetterListener(ReceiptProgress progress) {
        this.progress = progress;
    }

    @KafkaListener(id = "receipts-render-dlt", topics = Topics.INSIGHT_EVENTS_DLT, groupId = ReceiptsConfiguration.GROUP,
            autoStartup = ReceiptsConfiguration.AUTO_STARTUP, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> poll) {
        List<ReceiptProgress.Move> moves = new ArrayList<>(poll.size());
        for (ConsumerRecord<String, byte[]> record : poll) {
            PipelineRecords.uuid(CloudEventCodec.header(record.headers(), CloudEventCodec.ID)).ifPresent(eventId ->
                    moves.add(ReceiptProgress.failed(eventId, Instant.ofEpochMilli(record.timestamp()),
                            PipelineRecords.reason(record))));
        }
        progress.apply(moves);
    }
}
