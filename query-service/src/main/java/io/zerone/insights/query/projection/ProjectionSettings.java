package io.zerone.insights.query.projection;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.zerone.insights.events.Topics;

/**
 * @param concurrency consumers (each with its own database connection) that apply batches side by side, at most the
 *        partition count of insight-rendered; the default suits two cores, where PostgreSQL needs the other one
 * @param maxPollRecords records per batch, so per transaction: 500 makes a transaction's fixed cost (about ten round
 *        trips and a commit) negligible on replay and keeps a batch of ~25 KB records at ~12 MB of memory
 * @param maxPartitionFetchBytes what one fetch brings per partition; Kafka's 1 MB holds only ~40 rendered pages, so a
 *        poll over three partitions would stay near 120 records even when 500 wait
 * @param rebuildReportInterval how often the rebuild prints its progress
 * @param partitions partitions of insight-status when this service creates it (env {@code QUERY_PROJECTION_PARTITIONS}):
 *        the count the other topics were created with (docker-compose's KAFKA_PARTITIONS). Spring's KafkaAdmin adds
 *        partitions to an existing topic that has fewer, which moves slugs to other partitions and breaks their order
 */
@ConfigurationProperties("query.projection")
record ProjectionSettings(
        @DefaultValue("2") int concurrency,
        @DefaultValue("500") int maxPollRecords,
        @DefaultValue("4MB") DataSize maxPartitionFetchBytes,
        @DefaultValue("10s") Duration rebuildReportInterval,
        @DefaultValue("" + Topics.DEFAULT_PARTITIONS) int partitions) {
}
