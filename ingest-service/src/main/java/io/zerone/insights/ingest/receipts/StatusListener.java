package io.zerone.insights.ingest.receipts;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.StatusEvent;
import io.zerone.insights.events.Topics;

/** insight-status, query-service's report of what the site made of each event: live, scheduled, superseded, removed. */
@Component
class StatusListener {

    private final PipelineRecords records;
    private final ReceiptProgress progress;

    StatusListener(PipelineRecords records, ReceiptProgress progress) {
        this.records = records;
        this.progress = progress;
    }

    @KafkaListener(id = "receipts-status", topics = Topics.INSIGHT_STATUS, groupId = ReceiptsConfiguration.GROUP,
            autoStartup = ReceiptsConfiguration.AUTO_STARTUP)
    void on(ConsumerRecord<String, byte[]> record) {
        records.decode(record, StatusEvent.class).ifPresent(progress::on);
    }
}
