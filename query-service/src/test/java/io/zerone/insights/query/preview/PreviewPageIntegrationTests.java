package io.zerone.insights.query.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.PreviewRendered;
import io.zerone.insights.events.Topics;
import io.zerone.insights.layout.InsightMeta;
import io.zerone.insights.layout.Layout;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.TestPipeline;

/** /preview/{token}: the stored bytes for the token's holder, private and noindex, until the preview expires. */
@QueryServiceIntegrationTest
class PreviewPageIntegrationTests {

    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    @Autowired
    WebTestClient http;

    @Autowired
    TestPipeline pipeline;

    @Autowired
    PreviewCleanup cleanup;

    @Autowired
    DatabaseClient database;

    final CloudEventCodec codec = new CloudEventCodec();

    @Test
    void previewIsServedByteForBytePrivateAndNoindex() {
        String token = token();
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta name=\"robots\" content=\"noindex\"><title>Draft · ZERONE</title></head>"
                + "<body><p>Grüße, " + token + "</p></body></html>";

        send(token, page, Instant.now().plus(Duration.ofHours(1)));

        byte[] served = await().atMost(VISIBLE_WITHIN).until(() -> http.get().uri("/preview/" + token)
                .header(HttpHeaders.ACCEPT_ENCODING, "identity").exchange()
                .expectHeader().valueEquals("X-Robots-Tag", "noindex")
                .returnResult(byte[].class), result -> result.getStatus().is2xxSuccessful())
                .getResponseBodyContent();
        assertThat(served).isEqualTo(page.getBytes(StandardCharsets.UTF_8));
        http.get().uri("/preview/" + token).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .expectHeader().doesNotExist(HttpHeaders.ETAG)
                // its links to the site would otherwise carry the token in their Referer, into the site's logs
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer");
    }

    @Test
    void previewLinksItsCaseWhileTheCaseIsPublishedAsTheArticleWill() {
        pipeline.publishSeedCases();
        String token = token();
        String meta = Layout.render(Layout.meta(new InsightMeta("Debugging", LocalDate.parse("2026-11-27"), 3, "02")));
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Draft</title></head>"
                + "<body><header>" + meta + "<h1>Draft " + token + "</h1></header></body></html>";

        send(token, page, Instant.now().plus(Duration.ofHours(1)));

        String served = await().atMost(VISIBLE_WITHIN).until(() -> http.get().uri("/preview/" + token).exchange()
                .returnResult(String.class), result -> result.getStatus().is2xxSuccessful())
                .getResponseBody().blockFirst();
        assertThat(served).contains("href=\"/cases/02\"");
    }

    @Test
    void unknownOrMalformedTokenIsA404PageThatIsNeitherCachedNorIndexed() {
        for (String token : new String[] {token(), "not-a-token", token() + "x"}) {
            http.get().uri("/preview/{token}", token).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectHeader().valueEquals("X-Robots-Tag", "noindex")
                    .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-store");
        }
    }

    @Test
    void previewIsGoneOnceItExpiredAndTheCleanupDeletesItsRow() {
        String token = token();
        send(token, "<!DOCTYPE html><html><head></head><body>soon gone</body></html>",
                Instant.now().plus(Duration.ofSeconds(3)));
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> http.get().uri("/preview/" + token).exchange()
                .expectStatus().isOk());

        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> http.get().uri("/preview/" + token).exchange()
                .expectStatus().isNotFound());
        cleanup.deleteExpired();

        assertThat(database.sql("select count(*) from preview where expires_at <= now()")
                .map(row -> row.get(0, Long.class)).one().block()).isZero();
    }

    @Test
    void previewThatExpiredOnTheWayIsNeverServed() {
        String late = token();
        String next = token();

        // one partition, the expired one first: once the next is served, the expired one has been read
        send(late, "<!DOCTYPE html><html><head></head><body>late</body></html>", Instant.now().minusSeconds(1), 0);
        send(next, "<!DOCTYPE html><html><head></head><body>next</body></html>", Instant.now().plus(Duration.ofHours(1)),
                0);

        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> http.get().uri("/preview/" + next).exchange()
                .expectStatus().isOk());
        http.get().uri("/preview/" + late).exchange().expectStatus().isNotFound();
        // dropped on the way, not stored to wait for the cleanup
        assertThat(stored(late)).isZero();
        assertThat(stored(next)).isOne();
    }

    private long stored(String token) {
        return database.sql("select count(*) from preview where token_sha256 = sha256(convert_to(:token, 'UTF8'))")
                .bind("token", token).map(row -> row.get(0, Long.class)).one().block();
    }

    private void send(String token, String page, Instant expiresAt) {
        pipeline.send(record(token, page, expiresAt));
    }

    private void send(String token, String page, Instant expiresAt, int partition) {
        ProducerRecord<String, byte[]> record = record(token, page, expiresAt);
        pipeline.send(new ProducerRecord<>(record.topic(), partition, record.key(), record.value(), record.headers()));
    }

    private ProducerRecord<String, byte[]> record(String token, String page, Instant expiresAt) {
        PreviewRendered rendered = new PreviewRendered(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), token,
                expiresAt, page);
        return codec.toRecord(Topics.INSIGHT_PREVIEWS_RENDERED, rendered);
    }

    private static String token() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
