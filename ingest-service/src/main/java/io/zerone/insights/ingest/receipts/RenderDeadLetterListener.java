package io.zerone.insights.ingest.receipts;

import java.time.Instant;

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
            autoStartup = ReceiptsConfiguration.AUTO_STARTUP)
    void on(ConsumerRecord<String, byte[]> record) {
        PipelineRecords.uuid(CloudEventCodec.header(record.headers(), CloudEventCodec.ID)).ifPresent(eventId ->
                progress.failed(eventId, Instant.ofEpochMilli(record.timestamp()), PipelineRecords.reason(record)));
    }
}
