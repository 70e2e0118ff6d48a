package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightUnpublished;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.SeedEvents;
import io.zerone.insights.render.rendering.RenderFailedException;

/** A poll's records are rendered as one batch in one transaction: what that keeps and what a failure in it does. */
class BatchesIntegrationTests extends RealBrokerTest {

    @Test
    void batchAcrossPartitionsRendersEveryRecordOnceAndKeepsTheOrderOfEachSlug() throws Exception {
        List<InsightPublished> seeds = SeedEvents.load("-batch-" + run);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < seeds.size(); i++) {
                ProducerRecord<String, byte[]> record = round < 2 ? republished(seeds.get(i)) : unpublished(seeds.get(i));
                // every partition gets three slugs, each slug stays on one partition
                records.add(new ProducerRecord<>(Topics.INSIGHT_EVENTS, i % 3, record.key(), record.value(), record.headers()));
            }
        }
        Predicate<String> ours = key -> key.endsWith("-batch-" + run);

        sendAsOneBatch(records);

        List<ConsumerRecord<String, byte[]>> outputs = awaitOutputs(record -> ours.test(record.key()), records.size());
        assertThat(renderedBeforeALaterRecord(EVERY_PARTITION, ours)).hasSize(records.size());
        assertThat(outputs.stream().map(this::rendered).map(RenderedEvent::sourceEventId))
                .containsExactlyInAnyOrderElementsOf(records.stream().map(RealBrokerTest::eventId).toList());
        Map<String, List<ConsumerRecord<String, byte[]>>> bySlug =
                outputs.stream().collect(Collectors.groupingBy(ConsumerRecord::key));
        assertThat(bySlug).hasSize(seeds.size()).allSatisfy((slug, ofSlug) -> {
            List<UUID> inOutputOrder = ofSlug.stream().sorted(Comparator.comparingLong(ConsumerRecord::offset))
                    .map(this::rendered).map(RenderedEvent::sourceEventId).toList();
            assertThat(inOutputOrder).as("outputs of %s", slug).containsExactlyElementsOf(
                    records.stream().filter(record -> record.key().equals(slug)).map(RealBrokerTest::eventId).toList());
        });
        // three events per slug, each processed once: no batch was rolled back and run again
        assertThat(records).allSatisfy(record -> assertThat(BrokerHiccups.processed(record.key())).isEqualTo(3));
        // 3 partitions and fewer consumer threads (1 by default): some thread's batch holds two partitions' records
        assertThat(BatchLog.batchesWith(ours)).allMatch(BatchLog.Batch::completed)
                .anySatisfy(batch -> assertThat(batch.partitions(ours)).isGreaterThan(1));
    }

    @Test
    void poisonRecordsInTheMiddleOfABatchAreDeadLetteredAndTheRecordsAroundThemCommitInTheSameBatch() throws Exception {
        List<InsightPublished> seeds = SeedEvents.load("-around-poison-" + run);
        ProducerRecord<String, byte[]> badJson = onPartitionZero("bad-json-" + run,
                "{\"slug\": ".getBytes(StandardCharsets.UTF_8), codec.toRecord(Topics.INSIGHT_EVENTS, seeds.get(0)));
        InsightPublished unsafe = withSlugAndBody(seeds.get(1), "Not/A/Path-" + run, seeds.get(1).body());
        // every heading becomes <h2 id="h-h-n">: 600 KiB of Markdown give a page larger than the producer's 4 MiB
        InsightPublished tooLarge = withSlugAndBody(seeds.get(2), "too-large-" + run, "# h\n".repeat(150_000));
        List<ProducerRecord<String, byte[]>> batch = List.of(
                onPartitionZero(seeds.get(3)), onPartitionZero(seeds.get(4)),
                badJson,
                onPartitionZero(seeds.get(5)),
                onPartitionZero(unsafe), onPartitionZero(tooLarge),
                onPartitionZero(seeds.get(6)), onPartitionZero(seeds.get(7)));
        List<String> goodSlugs = List.of(seeds.get(3).slug(), seeds.get(4).slug(), seeds.get(5).slug(),
                seeds.get(6).slug(), seeds.get(7).slug());

        List<Long> offsets = sendAsOneBatch(batch);

        awaitOutputs(record -> goodSlugs.contains(record.key()), goodSlugs.size());
        assertThat(renderedBeforeALaterRecord(List.of(0), goodSlugs::contains)).hasSize(goodSlugs.size());
        List<String> poisonKeys = List.of(badJson.key(), unsafe.slug(), tooLarge.slug());
        Map<String, ConsumerRecord<String, byte[]>> dead;
        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.INSIGHT_EVENTS_DLT)) {
            dead = await().atMost(PATIENCE).until(
                    () -> deadLetters.poll().stream().filter(record -> poisonKeys.contains(record.key())).toList(),
                    list -> list.size() == poisonKeys.size())
                    .stream().collect(Collectors.toMap(ConsumerRecord::key, record -> record));
        }
        assertReason(dead.get(badJson.key()), MalformedEventException.class, "invalid insight.published.v2 JSON", offsets.get(2));
        assertReason(dead.get(unsafe.slug()), RenderFailedException.class, "slug is not a safe path segment", offsets.get(4));
        assertReason(dead.get(tooLarge.slug()), RecordTooLargeException.class, "more than the producer's limit", offsets.get(5));
        assertThat(dead.get(tooLarge.slug()).value()).isEqualTo(batch.get(5).value());
        // not rolled back and rendered again: the good records went through once, in the batch that held the poison
        assertThat(goodSlugs).allSatisfy(slug -> assertThat(BrokerHiccups.processed(slug)).isEqualTo(1));
        List<String> allKeys = batch.stream().map(ProducerRecord::key).toList();
        assertThat(BatchLog.batchesWith(allKeys::contains))
                .singleElement().matches(BatchLog.Batch::completed).matches(b -> b.holdsAll(allKeys));
    }

    @Test
    void crashInTheMiddleOfABatchCommitsNothingOfItAndTheRetryRendersEveryRecordExactlyOnce() throws Exception {
        List<InsightPublished> seeds = SeedEvents.load("-crashed-" + run);
        InsightPublished crash = withSlugAndBody(seeds.get(3), "crash-" + run, seeds.get(3).body());
        List<ProducerRecord<String, byte[]>> batch = List.of(onPartitionZero(seeds.get(0)), onPartitionZero(seeds.get(1)),
                onPartitionZero(seeds.get(2)), onPartitionZero(crash), onPartitionZero(seeds.get(4)));
        List<String> slugs = batch.stream().map(ProducerRecord::key).toList();
        List<String> beforeTheCrash = slugs.subList(0, 3);

        sendAsOneBatch(batch);

        awaitOutputs(record -> slugs.contains(record.key()), slugs.size());
        assertThat(renderedBeforeALaterRecord(List.of(0), slugs::contains)).hasSize(slugs.size());
        // the aborted attempt really wrote its outputs: a read_uncommitted consumer sees them beside the committed ones
        try (TopicReader uncommitted = new TopicReader(bootstrapServers, Topics.INSIGHT_RENDERED, IsolationLevel.READ_UNCOMMITTED)) {
            Map<String, Long> copies = uncommitted.readToEnd().stream().filter(record -> slugs.contains(record.key()))
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(beforeTheCrash).allSatisfy(slug -> assertThat(copies.get(slug)).isEqualTo(2L));
        }
        List<BatchLog.Batch> attempts = BatchLog.batchesWith(slugs::contains);
        assertThat(attempts).hasSize(2).allMatch(attempt -> attempt.holdsAll(slugs));
        assertThat(attempts).extracting(BatchLog.Batch::completed).containsExactly(false, true);
    }

    @Test
    void transientFailureRollsBackTheWholeBatchAndRetriesIt() throws Exception {
        List<InsightPublished> seeds = SeedEvents.load("-retried-" + run);
        InsightPublished flaky = withSlugAndBody(seeds.get(2), "flaky-in-a-batch-" + run, seeds.get(2).body());
        List<ProducerRecord<String, byte[]>> batch = List.of(onPartitionZero(seeds.get(0)), onPartitionZero(seeds.get(1)),
                onPartitionZero(flaky), onPartitionZero(seeds.get(3)));
        List<String> slugs = batch.stream().map(ProducerRecord::key).toList();

        sendAsOneBatch(batch);

        awaitOutputs(record -> slugs.contains(record.key()), slugs.size());
        assertThat(renderedBeforeALaterRecord(List.of(0), slugs::contains)).hasSize(slugs.size());
        List<BatchLog.Batch> attempts = BatchLog.batchesWith(slugs::contains);
        assertThat(attempts).extracting(BatchLog.Batch::completed).containsExactly(false, false, true);
        assertThat(attempts).allMatch(attempt -> attempt.holdsAll(slugs));
        // the records before the flaky one were rendered again in every attempt; only the last attempt committed
        assertThat(BrokerHiccups.processed(seeds.get(0).slug())).isEqualTo(3);
        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.INSIGHT_EVENTS_DLT)) {
            assertThat(deadLetters.readToEnd()).noneMatch(record -> slugs.contains(record.key()));
        }
    }

    private RenderedEvent rendered(ConsumerRecord<String, byte[]> record) {
        return (RenderedEvent) decode(record);
    }

    private static void assertReason(ConsumerRecord<String, byte[]> dead, Class<?> reason, String message, long offset) {
        assertThat(header(dead, "kafka_dlt-exception-cause-fqcn")).isEqualTo(reason.getName());
        assertThat(header(dead, "kafka_dlt-exception-message")).contains(message);
        assertThat(header(dead, "kafka_dlt-exception-fqcn")).isNotBlank();
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.INSIGHT_EVENTS);
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader("kafka_dlt-original-partition").value()).getInt()).isZero();
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader("kafka_dlt-original-offset").value()).getLong()).isEqualTo(offset);
    }

    private ProducerRecord<String, byte[]> republished(InsightPublished seed) {
        return codec.toRecord(Topics.INSIGHT_EVENTS, withSlugAndBody(seed, seed.slug(), seed.body()));
    }

    private ProducerRecord<String, byte[]> unpublished(InsightPublished seed) {
        return codec.toRecord(Topics.INSIGHT_EVENTS,
                (InsightEvent) new InsightUnpublished(UUID.randomUUID(), Instant.now(), "test", seed.slug(), "batch"));
    }

    private ProducerRecord<String, byte[]> onPartitionZero(InsightPublished insight) {
        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) insight);
        return onPartitionZero(record.key(), record.value(), record);
    }

    /** Partition 0, so the records keep their order and reach one consumer thread together. */
    private static ProducerRecord<String, byte[]> onPartitionZero(String key, byte[] value, ProducerRecord<String, byte[]> like) {
        return new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, key, value, like.headers());
    }

    /** A new event (its own id) for the insight, under the slug and with the body given. */
    private static InsightPublished withSlugAndBody(InsightPublished insight, String slug, String body) {
        return new InsightPublished(UUID.randomUUID(), insight.occurredAt(), insight.source(),
                insight.insight().withSlug(slug), body);
    }
}
