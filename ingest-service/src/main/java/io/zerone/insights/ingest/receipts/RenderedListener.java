package io.zerone.insights.ingest.receipts;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.Topics;

/** insight-rendered: render-service made the page of a publish (or the removal of an unpublish). A poll at a time. */
@Component
class RenderedListener {

    private static final Logger log = LoggerFactory.getLogger(RenderedListener.class);

    private final PipelineRecords records;
    private final ReceiptProgress progress;

    RenderedListener(PipelineRecords records, ReceiptProgress progress) {
        this.records = records;
        this.progress = progress;
    }

    @KafkaListener(id = "receipts-rendered", topics = Topics.INSIGHT_RENDERED, groupId = ReceiptsConfiguration.GROUP,
            autoStartup = ReceiptsConfiguration.AUTO_STARTUP, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> poll) {
        List<ReceiptProgress.Move> moves = new ArrayList<>(poll.size());
        for (ConsumerRecord<String, byte[]> record : poll) {
            if (!PipelineRecords.isRendered(record)) {
                log.warn("skipping {}-{}@{}: not a rendered event", record.topic(), record.partition(),
                        record.offset());
                continue;
            }
            records.sourceEventId(record).ifPresent(source ->
                    moves.add(ReceiptProgress.rendered(source, PipelineRecords.time(record))));
        }
        progress.apply(moves);
    }
}
