package io.zerone.insights.ingest.receipts;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.StatusEvent;
import io.zerone.insights.events.Topics;

/**
 * insight-status, query-service's report of what the site made of each event: live, scheduled, superseded, removed.
 * A poll at a time, in the order of its records.
 */
@Component
class StatusListener {

    private final PipelineRecords records;
    private final ReceiptProgress progress;

    StatusListener(PipelineRecords records, ReceiptProgress progress) {
        this.records = records;
        this.progress = progress;
    }

    @KafkaListener(id = "receipts-status", topics = Topics.INSIGHT_STATUS, groupId = ReceiptsConfiguration.GROUP,
            autoStartup = ReceiptsConfiguration.AUTO_STARTUP, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> poll) {
        progress.apply(poll.stream()
                .map(record -> records.decode(record, StatusEvent.class))
                .flatMap(Optional::stream)
                .map(ReceiptProgress::of)
                .toList());
    }
}
