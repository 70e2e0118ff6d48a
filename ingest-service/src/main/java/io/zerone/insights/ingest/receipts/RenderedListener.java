package io.zerone.insights.ingest.receipts;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Topics;

/** insight-rendered: render-service made the page of a publish (or the removal of an unpublish). */
@Component
class RenderedListener {

    private final PipelineRecords records;
    private final ReceiptProgress progress;

    RenderedListener(PipelineRecords records, ReceiptProgress progress) {
        this.records = records;
        this.progress = progress;
    }

    @KafkaListener(id = "receipts-rendered", topics = Topics.INSIGHT_RENDERED, groupId = ReceiptsConfiguration.GROUP,
            autoStartup = ReceiptsConfiguration.AUTO_STARTUP)
    void on(ConsumerRecord<String, byte[]> record) {
        records.decode(record, RenderedEvent.class)
                .ifPresent(rendered -> progress.rendered(rendered.sourceEventId(), rendered.occurredAt()));
    }
}
