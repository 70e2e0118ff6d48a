package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Topics;
import io.zerone.insights.query.ChangeNotifications;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TableLock;
import io.zerone.insights.query.TestPipeline;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The projector in batches against the real broker and PostgreSQL: a poll is one transaction, the newest revision
 * per slug wins, poison goes to the dead-letter topic without failing its batch, a retried publish never becomes a
 * revision, a batch whose connection dies is applied once after its retry, and the stored offsets, not the consumer
 * group's, say where to read. Every slug made here is unpublished afterwards, so other tests see the nine seeds.
 */
@QueryServiceIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class BatchProjectionIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TestPipeline pipeline;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    DatabaseClient database;

    @Autowired
    MeterRegistry meters;

    @Autowired
    WebTestClient http;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    R2dbcConnectionDetails r2dbc;

    @Autowired
    ConnectionFactory connections;

    private final String run = Long.toString(System.nanoTime(), 36);
    private final List<String> madeHere = new ArrayList<>();

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
        pipeline.awaitCaughtUp();
    }

    @AfterEach
    void unpublishWhatWasMadeHere() {
        projector().start();
        pipeline.publishAndAwait(madeHere.stream().map(RenderedEvents::removed).toList());
    }

    @Test
    void aPollAcrossPartitionsIsOneBatchInWhichTheNewestRevisionOfEachSlugWins() throws Exception {
        List<String> slugs = slugs(12);
        List<RenderedEvent> newest = new ArrayList<>();
        List<RenderedEvent> all = new ArrayList<>();
        for (String slug : slugs) {
            InsightRendered first = RenderedEvents.rendered(insight(slug, "first"));
            InsightRendered second = RenderedEvents.rendered(insight(slug, "second"));
            RenderedEvent third = slugs.indexOf(slug) % 4 == 0 ? RenderedEvents.removed(slug)
                    : RenderedEvents.rendered(insight(slug, "third"));
            // newest first in the topic: inside a batch the revision decides, not the order of the records
            all.addAll(List.of(third, first, second));
            newest.add(third);
        }

        double applied = events("applied");
        double superseded = events("superseded");
        try (var notifications = ChangeNotifications.listen(r2dbc)) {
            whileStopped(() -> all.forEach(pipeline::send));
            pipeline.awaitCaughtUp();

            for (RenderedEvent event : newest) {
                assertThat(pipeline.appliedOffset(event.slug())).isEqualTo(event.revision().offset());
                if (event instanceof InsightRendered) {
                    http.get().uri("/api/insights/" + event.slug()).exchange().expectStatus().isOk()
                            .expectBody().jsonPath("$.title").isEqualTo("third " + event.slug());
                } else {
                    // removed before any of its revisions could go live (older ones never win): never on the site, so
                    // not found, as an address nothing was published under
                    http.get().uri("/api/insights/" + event.slug()).exchange().expectStatus().isNotFound();
                }
            }
            assertThat(count("select count(*) from insight_search where slug like :prefix")).isEqualTo(9);
            // each slug's newest revision applied once, the two older ones superseded, wherever the polls ended
            assertThat(events("applied") - applied).isEqualTo(12);
            assertThat(events("superseded") - superseded).isEqualTo(24);
            // one notification per batch, naming every slug it changed but those removed before they were ever live,
            // whose answer is the 404 it was; a poll holds several partitions' records
            List<String> shown = newest.stream().filter(InsightRendered.class::isInstance).map(RenderedEvent::slug)
                    .toList();
            await().atMost(Duration.ofSeconds(10)).until(() -> changedSlugs(notifications).containsAll(shown));
            assertThat(changedSlugs(notifications)).doesNotContainAnyElementsOf(
                    newest.stream().filter(InsightRemoved.class::isInstance).map(RenderedEvent::slug).toList());
            assertThat(notifications.payloads()).hasSizeLessThan(slugs.size())
                    .anySatisfy(payload -> assertThat(payload.split(" ")).hasSizeGreaterThan(2));
        }
    }

    @Test
    void aRecordThatIsNoEventGoesToTheDeadLetterTopicWithItsReasonWhileItsBatchIsApplied() {
        // one partition, so that the four records come in one poll
        List<String> slugs = slugsOnOnePartition(2);
        String marker = UUID.randomUUID().toString();
        InsightRendered before = RenderedEvents.rendered(insight(slugs.get(0), "before the poison"));
        InsightRendered after = RenderedEvents.rendered(insight(slugs.get(1), "after the poison"));

        try (var notifications = ChangeNotifications.listen(r2dbc)) {
            whileStopped(() -> {
                pipeline.send(before);
                pipeline.send(poison(slugs.get(0), marker + "-1"));
                pipeline.send(after);
                pipeline.send(poison(slugs.get(1), marker + "-2"));
            });
            pipeline.awaitCaughtUp();

            // both events in the one transaction of their batch, whose notification names both: the poison records
            // neither failed the poll nor split it into transactions of their own
            await().atMost(Duration.ofSeconds(10)).until(() -> notifications.payloads().stream()
                    .anyMatch(payload -> List.of(payload.split(" ")).containsAll(slugs)));
        }
        assertThat(pipeline.appliedOffset(before.slug())).isEqualTo(before.revision().offset());
        assertThat(pipeline.appliedOffset(after.slug())).isEqualTo(after.revision().offset());
        for (String poison : List.of(marker + "-1", marker + "-2")) {
            ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka, poison);
            assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                    .contains("invalid insight.rendered.v1 JSON");
            assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-original-topic"))
                    .isEqualTo(Topics.INSIGHT_RENDERED);
        }
    }

    @Test
    void anEventTheDatabaseRejectsGoesToTheDeadLetterTopicAloneWhileTheRestOfItsBatchIsApplied(CapturedOutput output) {
        // one partition, so that the records come in one poll and the database rejects the batch they make; a record
        // that is no event comes after the rejected one, and both reach the dead-letter topic once
        List<String> slugs = slugsOnOnePartition(3);
        String marker = UUID.randomUUID().toString();
        InsightRendered before = RenderedEvents.rendered(insight(slugs.get(0), "before the rejected one"));
        // PostgreSQL stores no NUL character in text; the event itself is well-formed
        InsightRendered rejected = RenderedEvents.rendered(insight(slugs.get(1), "a NUL \u0000 in the title of"));
        InsightRendered after = RenderedEvents.rendered(insight(slugs.get(2), "after the rejected one"));

        whileStopped(() -> {
            pipeline.send(before);
            pipeline.send(rejected);
            pipeline.send(poison(slugs.get(2), marker));
            pipeline.send(after);
        });
        pipeline.awaitCaughtUp();

        assertThat(pipeline.appliedOffset(before.slug())).isEqualTo(before.revision().offset());
        assertThat(pipeline.appliedOffset(after.slug())).isEqualTo(after.revision().offset());
        http.get().uri("/api/insights/" + after.slug()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("after the rejected one " + after.slug());
        http.get().uri("/api/insights/" + rejected.slug()).exchange().expectStatus().isNotFound();
        ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka, rejected.slug());
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                .contains("the projection database rejected the event").contains("0x00");
        assertThat(DeadLetterTopic.recordsContaining(kafka, rejected.slug())).hasSize(1);
        assertThat(DeadLetterTopic.recordsContaining(kafka, marker)).hasSize(1);
        assertThat(DeadLetterTopic.recordsContaining(kafka, before.slug())).isEmpty();
        assertThat(DeadLetterTopic.recordsContaining(kafka, after.slug())).isEmpty();
        // each in one line of the log, for an operator who does not read the dead-letter topics
        assertThat(output.getOut()).containsPattern("sent insight-rendered-\\d+@\\d+ \\(key " + rejected.slug()
                + "\\) to its dead-letter topic: .*0x00");
    }

    @Test
    void anEventTheDatabaseRejectsOnlyWhenABatchIsRetriedForAnotherFailureStillGoesAloneToTheDeadLetterTopic() {
        // the poll's first failure is not its data's (its connection killed while it waits for its offsets' row), so
        // the whole poll is retried; the retry finds the record the database rejects. Recovering the whole poll then
        // sent every record of it to the dead-letter topic and went on past those after the rejected one, unapplied.
        List<String> slugs = slugsOnOnePartition(4);
        // the partition's offsets row exists before it is locked
        pipeline.publishAndAwait(RenderedEvents.rendered(insight(slugs.get(0), "first on the partition")));
        InsightRendered before = RenderedEvents.rendered(insight(slugs.get(1), "before the rejected one"));
        InsightRendered rejected = RenderedEvents.rendered(insight(slugs.get(2), "a NUL \u0000 in the title of"));
        InsightRendered after = RenderedEvents.rendered(insight(slugs.get(3), "after the rejected one"));
        String generation = pipeline.activeGeneration();

        try (TableLock offsets = TableLock.rowsForShare(connections,
                "select * from " + generation + ".consumed_offset where partition = 0")) {
            whileStopped(() -> List.of(before, rejected, after).forEach(pipeline::send));
            await().atMost(Duration.ofSeconds(30)).until(() -> database.sql("""
                    select count(pg_terminate_backend(pid)) from pg_stat_activity
                    where application_name = 'query-projector' and wait_event_type = 'Lock'""")
                    .map(row -> row.get(0, Long.class)).one().block() > 0);
        }
        pipeline.awaitCaughtUp();

        assertThat(pipeline.appliedOffset(before.slug())).isEqualTo(before.revision().offset());
        assertThat(pipeline.appliedOffset(after.slug())).isEqualTo(after.revision().offset());
        http.get().uri("/api/insights/" + rejected.slug()).exchange().expectStatus().isNotFound();
        assertThat(DeadLetterTopic.recordsContaining(kafka, rejected.slug())).hasSize(1);
        assertThat(DeadLetterTopic.recordsContaining(kafka, before.slug())).isEmpty();
        assertThat(DeadLetterTopic.recordsContaining(kafka, after.slug())).isEmpty();
    }

    @Test
    void aStatementTheSchemaDoesNotFitIsRetriedUntilTheSchemaIsMendedNeverDeadLettered() {
        // a fault of the code or the schema (a replica older than a migration, a role without rights) fails every
        // record alike: dead-lettering each moved past all of them, a hole in the projection
        InsightRendered event = RenderedEvents.rendered(insight(slugs(1).get(0), "while a column is missing"));
        String searchTable = pipeline.activeGeneration() + ".insight_search";
        database.sql("alter table " + searchTable + " rename column body_text to body_text_elsewhere").then().block();
        try {
            pipeline.send(event);
            // several times dead-letter-after (1 s here): failing all along, and still not dead-lettered
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> DeadLetterTopic.recordsContaining(kafka, event.slug()).isEmpty());
            http.get().uri("/api/insights/" + event.slug()).exchange().expectStatus().isNotFound();
        } finally {
            database.sql("alter table " + searchTable + " rename column body_text_elsewhere to body_text").then().block();
        }
        pipeline.awaitCaughtUp();

        assertThat(pipeline.appliedOffset(event.slug())).isEqualTo(event.revision().offset());
        assertThat(DeadLetterTopic.recordsContaining(kafka, event.slug())).isEmpty();
    }

    @Test
    void anEventPastALimitOfPostgresqlGoesToTheDeadLetterTopicAloneWhileTheRestOfItsBatchIsApplied() {
        // 180,000 different words: a search vector of ~1.4 MB, where PostgreSQL holds 1 MB at most ("string is too
        // long for tsvector", SQLSTATE 54000); render-service renders such a body when a producer writes it to
        // insight-events past ingest-service's 256 KiB
        List<String> slugs = slugsOnOnePartition(3);
        InsightRendered before = RenderedEvents.rendered(insight(slugs.get(0), "before the one past a limit"));
        InsightRendered pastALimit = RenderedEvents.withSearchText(
                RenderedEvents.rendered(insight(slugs.get(1), "too many words in")),
                RenderedEvents.differentWords(180_000));
        InsightRendered after = RenderedEvents.rendered(insight(slugs.get(2), "after the one past a limit"));

        whileStopped(() -> List.of(before, pastALimit, after).forEach(pipeline::send));
        pipeline.awaitCaughtUp();

        assertThat(pipeline.appliedOffset(before.slug())).isEqualTo(before.revision().offset());
        assertThat(pipeline.appliedOffset(after.slug())).isEqualTo(after.revision().offset());
        http.get().uri("/api/insights/" + pastALimit.slug()).exchange().expectStatus().isNotFound();
        ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka, pastALimit.slug());
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                .contains("the projection database rejected the event").contains("too long for tsvector");
    }

    @Test
    void aRejectedEventLastOnItsPartitionIsDeadLetteredOnceThoughTheProjectorRestartsBeforeTheNextRecord() {
        // the newest record of its partition: no later batch moves the stored offset past it for the projector
        List<String> slugs = slugsOnOnePartition(2);
        InsightRendered rejected = RenderedEvents.rendered(insight(slugs.get(0), "a NUL \u0000 in the last one of"));
        InsightRendered next = RenderedEvents.rendered(insight(slugs.get(1), "after a restart"));

        pipeline.send(rejected);
        DeadLetterTopic.recordContaining(kafka, rejected.slug());
        // a deploy: the projector takes its partitions again at the offsets stored with the projection
        whileStopped(() -> pipeline.send(next));
        pipeline.awaitCaughtUp();

        assertThat(pipeline.appliedOffset(next.slug())).isEqualTo(next.revision().offset());
        // read again after the restart, it was retried for dead-letter-after and sent a second time
        assertThat(DeadLetterTopic.recordsContaining(kafka, rejected.slug())).extracting(ConsumerRecord::offset)
                .hasSize(1);
    }

    @Test
    void aTombstoneGoesToTheDeadLetterTopicARecordWithoutAKeyIsRefusedAndAnEventWithFieldsOfANewerProducerIsApplied() {
        List<String> slugs = slugs(2);
        CloudEventCodec codec = new CloudEventCodec();
        ProducerRecord<String, byte[]> withoutKey = codec.toRecord(Topics.INSIGHT_RENDERED,
                RenderedEvents.rendered(insight(slugs.get(0), "sent without a key")));
        InsightRendered newer = RenderedEvents.rendered(insight(slugs.get(1), "from a newer producer"));
        ProducerRecord<String, byte[]> template = codec.toRecord(Topics.INSIGHT_RENDERED, newer);
        // fields a newer render-service added within the version, at the top and inside the insight
        ObjectNode json = (ObjectNode) JSON.readTree(template.value());
        json.put("addedLater", "a field of a newer producer");
        ((ObjectNode) json.get("insight")).putObject("addedLater").put("shape", "anything");

        whileStopped(() -> {
            pipeline.send(new ProducerRecord<>(Topics.INSIGHT_RENDERED, null, slugs.get(0), (byte[]) null));
            // a compacted topic takes no record without a key: the broker refuses it, so the projector never reads one
            assertThatThrownBy(() -> pipeline.send(new ProducerRecord<>(Topics.INSIGHT_RENDERED, null, (String) null,
                    withoutKey.value(), withoutKey.headers()))).hasRootCauseInstanceOf(InvalidRecordException.class);
            pipeline.send(new ProducerRecord<>(Topics.INSIGHT_RENDERED, null, newer.slug(),
                    JSON.writeValueAsBytes(json), template.headers()));
        });
        pipeline.awaitCaughtUp();

        assertThat(pipeline.appliedOffset(newer.slug())).isEqualTo(newer.revision().offset());
        http.get().uri("/api/insights/" + newer.slug()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("from a newer producer " + newer.slug());
        assertThat(deadTombstones(slugs.get(0))).singleElement()
                .satisfies(tombstone -> assertThat(CloudEventCodec.header(tombstone.headers(),
                        "kafka_dlt-exception-message")).contains("unsupported CloudEvents specversion: null"));
    }

    /** The dead letters without a value under the key, awaited from the start of the dead-letter topic. */
    private List<ConsumerRecord<String, byte[]>> deadTombstones(String key) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", kafka.getBootstrapServers())), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INSIGHT_RENDERED_DLT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key()) && record.value() == null) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
            return found;
        }
    }

    @Test
    void aRejectedEventLargerThanKafkasDefaultRecordLimitStillReachesTheDeadLetterTopic() {
        // render-service sends records up to 4 MiB; this one is ~3 MiB (page and search text), past the 1 MiB a
        // producer takes by default: a dead letter that cannot be sent leaves its record retried for ever
        String slug = slugs(1).get(0);
        Seed template = insight(slug, "a NUL \u0000 in the title of a long one");
        String body = "A line of a very long insight about caches, queues and the databases behind them.\n"
                .repeat(18_000);
        InsightRendered rejected = RenderedEvents.rendered(new Seed(slug, template.title(), template.summary(),
                template.category(), template.publishedAt(), template.readingMinutes(), template.caseRef(),
                template.tags(), body, template.language()));

        pipeline.send(rejected);

        ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka, slug);
        assertThat(deadLetter.serializedValueSize()).isGreaterThan(2 * 1024 * 1024);
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                .contains("the projection database rejected the event");
    }

    @Test
    void aRetriedPublishNeverBecomesASecondRevisionAlsoAfterOtherRevisions() {
        String slug = slugs(1).get(0);
        UUID e1 = UUID.randomUUID();
        InsightRendered first = RenderedEvents.rendered(insight(slug, "e1"), RenderedEvents.nextRevision(), e1);
        InsightRendered second = RenderedEvents.rendered(insight(slug, "e2"));
        // the late retry of e1: the same source event, published again, so a newer revision
        InsightRendered retry = RenderedEvents.rendered(insight(slug, "e1 again"), RenderedEvents.nextRevision(), e1);
        double duplicates = events("duplicate");

        pipeline.publishAndAwait(first);
        pipeline.publishAndAwait(second);
        pipeline.send(retry);
        pipeline.awaitCaughtUp();

        assertThat(pipeline.appliedOffset(slug)).isEqualTo(second.revision().offset());
        http.get().uri("/api/insights/" + slug).exchange().expectBody().jsonPath("$.title").isEqualTo("e2 " + slug);
        assertThat(events("duplicate") - duplicates).isEqualTo(1);
    }

    @Test
    void aRetriedPublishInTheSameBatchIsNoRevisionEither() {
        List<String> slugs = slugs(2);
        UUID e1 = UUID.randomUUID();
        UUID f1 = UUID.randomUUID();
        // slug 0: e1 then its retry; slug 1: f1, f2, then the retry of f1
        InsightRendered e = RenderedEvents.rendered(insight(slugs.get(0), "e1"), RenderedEvents.nextRevision(), e1);
        InsightRendered eRetry = RenderedEvents.rendered(insight(slugs.get(0), "e1 again"), RenderedEvents.nextRevision(), e1);
        InsightRendered f = RenderedEvents.rendered(insight(slugs.get(1), "f1"), RenderedEvents.nextRevision(), f1);
        InsightRendered f2 = RenderedEvents.rendered(insight(slugs.get(1), "f2"));
        InsightRendered fRetry = RenderedEvents.rendered(insight(slugs.get(1), "f1 again"), RenderedEvents.nextRevision(), f1);

        whileStopped(() -> List.of(e, eRetry, f, f2, fRetry).forEach(pipeline::send));
        pipeline.awaitCaughtUp();

        assertThat(pipeline.appliedOffset(slugs.get(0))).isEqualTo(e.revision().offset());
        assertThat(pipeline.appliedOffset(slugs.get(1))).isEqualTo(f2.revision().offset());
    }

    @Test
    void aBatchWhoseConnectionIsKilledMidwayShowsNothingAndIsAppliedOnceWhenRetried() {
        List<String> slugs = slugsOnOnePartition(5);
        List<InsightRendered> events = slugs.stream().map(slug -> RenderedEvents.rendered(insight(slug, "crash"))).toList();
        String generation = pipeline.activeGeneration();
        double applied = events("applied");
        database.sql("create sequence crash_test_attempts").then().block();
        // the batch's last statement stores its offsets: stop the first attempt there, after every other statement
        database.sql("""
                create function crash_test_stall() returns trigger language plpgsql as $$
                begin
                    if nextval('crash_test_attempts') = 1 then
                        perform pg_sleep(60);
                    end if;
                    return new;
                end $$""").then().block();
        database.sql("create trigger crash_test before update on " + generation + ".consumed_offset for each row"
                + " execute function crash_test_stall()").then().block();
        try {
            whileStopped(() -> events.forEach(pipeline::send));
            await().atMost(Duration.ofSeconds(30)).until(() -> database
                    .sql("select is_called from crash_test_attempts").map(row -> row.get(0, Boolean.class)).one().block());

            // the statements of the batch ran, but nothing of it is visible before its commit
            assertThat(count("select count(*) from insight where slug like :prefix")).isZero();
            assertThat(count("select count(*) from " + generation + ".processed_event where slug like :prefix")).isZero();
            database.sql("""
                    select pg_terminate_backend(pid) from pg_stat_activity
                    where application_name = 'query-projector' and wait_event = 'PgSleep'""").then().block();
            pipeline.awaitCaughtUp();
        } finally {
            database.sql("drop trigger crash_test on " + generation + ".consumed_offset").then().block();
            database.sql("drop function crash_test_stall()").then().block();
            database.sql("drop sequence crash_test_attempts").then().block();
        }

        for (InsightRendered event : events) {
            assertThat(pipeline.appliedOffset(event.slug())).isEqualTo(event.revision().offset());
        }
        assertThat(count("select count(*) from insight_search where slug like :prefix")).isEqualTo(5);
        assertThat(count("select count(*) from " + generation + ".processed_event where slug like :prefix")).isEqualTo(5);
        assertThat(events("applied") - applied).isEqualTo(5);
    }

    @Test
    void aBatchTheDatabaseLostAfterItsCommitIsAppliedAgainWithoutARestart() {
        List<String> slugs = slugsOnOnePartition(2);
        InsightRendered lost = RenderedEvents.rendered(insight(slugs.get(0), "lost"));
        InsightRendered next = RenderedEvents.rendered(insight(slugs.get(1), "next"));
        String generation = pipeline.activeGeneration();
        long before = pipeline.storedOffsets().getOrDefault(0, 0L);
        pipeline.publishAndAwait(lost);

        // what a crash with synchronous_commit=off does to a commit the projector saw succeed: all of it is gone, and
        // the projector, still running, is positioned after it
        database.sql("delete from insight_search where slug = :slug").bind("slug", lost.slug()).then().block();
        database.sql("delete from insight where slug = :slug").bind("slug", lost.slug()).then().block();
        database.sql("delete from " + generation + ".processed_event where slug = :slug").bind("slug", lost.slug())
                .then().block();
        database.sql("update " + generation + ".consumed_offset set next_offset = :before where partition = 0")
                .bind("before", before).then().block();
        pipeline.send(next);
        pipeline.awaitCaughtUp();

        assertThat(pipeline.appliedOffset(lost.slug())).isEqualTo(lost.revision().offset());
        assertThat(pipeline.appliedOffset(next.slug())).isEqualTo(next.revision().offset());
    }

    @Test
    void resettingTheConsumerGroupOffsetsNeitherRepeatsNorSkipsAnything() {
        assertReadsOnlyWhatIsNew(pipeline::resetGroupOffsetsToTheBeginning);
    }

    @Test
    void deletingTheConsumerGroupNeitherRepeatsNorSkipsAnything() {
        assertReadsOnlyWhatIsNew(pipeline::deleteGroup);
    }

    private void assertReadsOnlyWhatIsNew(Runnable meddleWithTheGroup) {
        List<InsightRendered> fresh = slugs(3).stream().map(slug -> RenderedEvents.rendered(insight(slug, "new")))
                .toList();
        double received = events("applied") + events("superseded") + events("duplicate") + events("skipped");

        whileStopped(() -> {
            meddleWithTheGroup.run();
            fresh.forEach(pipeline::send);
        });
        pipeline.awaitCaughtUp();

        fresh.forEach(event -> assertThat(pipeline.appliedOffset(event.slug())).isEqualTo(event.revision().offset()));
        // the consumer never even read an older record: it was positioned at the offsets stored with the projection
        assertThat(events("applied") + events("superseded") + events("duplicate") + events("skipped") - received)
                .isEqualTo(3);
    }

    private void whileStopped(Runnable publishing) {
        MessageListenerContainer projector = projector();
        projector.stop();
        try {
            publishing.run();
        } finally {
            projector.start();
        }
    }

    private MessageListenerContainer projector() {
        return listeners.getListenerContainer(ProjectionListener.GROUP);
    }

    private List<String> slugs(int count) {
        List<String> slugs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slugs.add("batch-" + run + "-" + madeHere.size());
            madeHere.add(slugs.get(i));
        }
        return slugs;
    }

    private List<String> slugsOnOnePartition(int count) {
        List<String> slugs = new ArrayList<>();
        for (int i = 0; slugs.size() < count; i++) {
            // of one width: the dead letters are found by the slugs they contain, and "-p1" is in "-p17"
            String slug = "batch-" + run + "-p" + "%04d".formatted(i);
            if (Utils.toPositive(Utils.murmur2(slug.getBytes(StandardCharsets.UTF_8))) % Topics.DEFAULT_PARTITIONS == 0) {
                slugs.add(slug);
                madeHere.add(slug);
            }
        }
        return slugs;
    }

    private static Seed insight(String slug, String title) {
        Seed template = Seed.all().get(0);
        return new Seed(slug, title + " " + slug, template.summary(), template.category(), template.publishedAt(),
                template.readingMinutes(), template.caseRef(), template.tags(), template.body(), template.language());
    }

    private ProducerRecord<String, byte[]> poison(String key, String marker) {
        InsightRendered template = RenderedEvents.rendered(insight(key, "template"));
        ProducerRecord<String, byte[]> record = new CloudEventCodec().toRecord(Topics.INSIGHT_RENDERED, template);
        return new ProducerRecord<>(Topics.INSIGHT_RENDERED, null, key,
                ("{\"not\": \"an event\", \"marker\": \"" + marker + "\"}").getBytes(StandardCharsets.UTF_8),
                record.headers());
    }

    private long count(String sql) {
        return database.sql(sql).bind("prefix", "batch-" + run + "-%").map(row -> row.get(0, Long.class)).one().block();
    }

    private double events(String outcome) {
        return meters.get("query.projection.events").tag("outcome", outcome).counter().count();
    }

    private static Set<String> changedSlugs(ChangeNotifications notifications) {
        Set<String> slugs = new HashSet<>();
        notifications.payloads().forEach(payload -> slugs.addAll(Arrays.asList(payload.split(" "))));
        return slugs;
    }
}
