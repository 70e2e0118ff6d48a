package io.zerone.insights.ingest.receipts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.Topics;

/**
 * insight-rendered.DLT, query-service's dead letters: a rendered record it could not project. Its {@code ce_id} is
 * render-service's event; the publish it came from is the value's {@code sourceEventId}, read as leniently as a
 * dead letter needs (it may not be a whole event).
 */
@Component
class ProjectionDeadLetterListener {

    private final PipelineRecords records;
    private final ReceiptProgress progress;

    ProjectionDeadLetterListener(PipelineRecords records, ReceiptProgress progress) {
        this.records = records;
        this.progress = progress;
    }

    @KafkaListener(id = "receipts-projection-dlt", topics = Topics.INSIGHT_RENDERED_DLT,
            groupId = ReceiptsConfiguration.GROUP, autoStartup = ReceiptsConfiguration.AUTO_STARTUP, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> poll) {
        List<ReceiptProgress.Move> moves = new ArrayList<>(poll.size());
        for (ConsumerRecord<String, byte[]> record : poll) {
            records.sourceEventId(record).ifPresent(eventId ->
                    moves.add(ReceiptProgress.failed(eventId, Instant.ofEpochMilli(record.timestamp()),
                            PipelineRecords.reason(record))));
        }
        progress.apply(moves);
    }
}
