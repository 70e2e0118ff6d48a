package io.zerone.insights.query.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.PreviewRendered;
import io.zerone.insights.events.Topics;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.query.projection.DeadLetterTopic;

/** How the preview store fails and commits: what the database rejects, and what a crash must not lose. */
@QueryServiceIntegrationTest
class StoredPreviewsIntegrationTests {

    @Autowired
    WebTestClient http;

    @Autowired
    TestPipeline pipeline;

    @Autowired
    DatabaseClient database;

    @Autowired
    KafkaConnectionDetails kafka;

    private final CloudEventCodec codec = new CloudEventCodec();

    @Test
    void previewTheDatabaseRejectsGoesToTheDeadLetterTopicWithTheDatabasesReasonAndTheNextIsStored() {
        String marker = UUID.randomUUID().toString();
        String next = token();

        // well-formed, but PostgreSQL stores no NUL character in text; both on one partition, the rejected one first
        send(token(), "<!DOCTYPE html><html><head></head><body>a NUL \u0000 " + marker + "</body></html>");
        send(next, "<!DOCTYPE html><html><head></head><body>after the rejected one</body></html>");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get().uri("/preview/" + next).exchange()
                .expectStatus().isOk());
        ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka,
                Topics.INSIGHT_PREVIEWS_RENDERED_DLT, marker);
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                .startsWith("the database rejected the record: ").contains("0x00").doesNotContain("Listener method");
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-original-consumer-group"))
                .isEqualTo(Topics.PREVIEW_STORE_GROUP);
    }

    @Test
    void recordThatIsNoRenderedPreviewGoesToTheDeadLetterTopicWithItsReasonAndTheNextIsStored() {
        String marker = UUID.randomUUID().toString();
        String next = token();
        ProducerRecord<String, byte[]> template = codec.toRecord(Topics.INSIGHT_PREVIEWS_RENDERED,
                new PreviewRendered(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), next,
                        Instant.now().plus(Duration.ofHours(1)), "<!DOCTYPE html><html><head></head><body></body></html>"));

        pipeline.send(new ProducerRecord<>(template.topic(), 0, template.key(),
                ("{\"not\": \"a preview\", \"marker\": \"" + marker + "\"}").getBytes(StandardCharsets.UTF_8),
                template.headers()));
        send(next, "<!DOCTYPE html><html><head></head><body>after the bad record</body></html>");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get().uri("/preview/" + next).exchange()
                .expectStatus().isOk());
        ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka,
                Topics.INSIGHT_PREVIEWS_RENDERED_DLT, marker);
        // the reason, not the listener method that Spring's wrapper names
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                .startsWith("invalid insight.preview-rendered.v1 JSON").doesNotContain("Listener method");
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-original-consumer-group"))
                .isEqualTo(Topics.PREVIEW_STORE_GROUP);
    }

    @Test
    void previewIsCommittedWithSynchronousCommitOnWhateverTheServerSays() {
        // a trigger reads the setting inside the transaction that stores the preview, and what the session would
        // have without it (zonky's embedded PostgreSQL, as the dev stack's, runs with synchronous_commit=off)
        String marker = UUID.randomUUID().toString();
        String token = token();
        dropCommitProbe();
        database.sql("create table public.preview_commit_probe (page_html text, synchronous_commit text,"
                + " session_default text)").then().block();
        database.sql("""
                create function public.preview_commit_probe() returns trigger language plpgsql as $probe$
                begin
                    insert into public.preview_commit_probe
                    select new.page_html, current_setting('synchronous_commit'), reset_val
                    from pg_settings where name = 'synchronous_commit';
                    return new;
                end $probe$""").then().block();
        database.sql("create trigger preview_commit_probe after insert on public.preview for each row"
                + " execute function public.preview_commit_probe()").then().block();
        try {
            send(token, "<!DOCTYPE html><html><head></head><body>" + marker + "</body></html>");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get().uri("/preview/" + token)
                    .exchange().expectStatus().isOk());

            var probed = database.sql("select synchronous_commit, session_default from public.preview_commit_probe"
                            + " where page_html like :marker").bind("marker", "%" + marker + "%")
                    .map(row -> List.of(row.get(0, String.class), row.get(1, String.class))).all().collectList()
                    .block();
            assertThat(probed).hasSize(1);
            assumeThat(probed.get(0).get(1)).as("a server whose sessions commit synchronously anyway cannot tell")
                    .isEqualTo("off");
            assertThat(probed.get(0).get(0)).isEqualTo("on");
        } finally {
            dropCommitProbe();
        }
    }

    private void dropCommitProbe() {
        database.sql("drop trigger if exists preview_commit_probe on public.preview").then().block();
        database.sql("drop function if exists public.preview_commit_probe()").then().block();
        database.sql("drop table if exists public.preview_commit_probe").then().block();
    }

    /** A preview valid for an hour, on partition 0 of its topic. */
    private void send(String token, String page) {
        PreviewRendered rendered = new PreviewRendered(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), token,
                Instant.now().plus(Duration.ofHours(1)), page);
        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.INSIGHT_PREVIEWS_RENDERED, rendered);
        pipeline.send(new ProducerRecord<>(record.topic(), 0, record.key(), record.value(), record.headers()));
    }

    private static String token() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
