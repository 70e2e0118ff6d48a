package io.zerone.insights.query.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Topics;
import io.zerone.insights.events.cases.CaseRemoved;
import io.zerone.insights.events.cases.CaseRendered;
import io.zerone.insights.layout.Card;
import io.zerone.insights.layout.InsightMeta;
import io.zerone.insights.layout.Layout;
import io.zerone.insights.query.ChangeNotifications;
import io.zerone.insights.query.Decompressed;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedCases;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.query.cache.InsightChanges;
import io.zerone.insights.query.projection.DeadLetterTopic;
import io.zerone.insights.testsupport.NuHtmlChecker;
import tools.jackson.databind.JsonNode;

/**
 * Cases in query-service: their pages and JSON, the counter of published cases, and "From Case NN" on the stored pages
 * and cards of their insights, linked exactly while the case is published, whatever arrives first. Case 97 is this
 * test's own; the seed cases 01-08 are published again afterwards, as other tests expect them.
 */
@QueryServiceIntegrationTest
class CasesIntegrationTests {

    private static final String NUMBER = "97";

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    R2dbcConnectionDetails r2dbc;

    private final CloudEventCodec codec = new CloudEventCodec();

    private final String run = Long.toString(System.nanoTime(), 36);
    private final List<String> madeHere = new CopyOnWriteArrayList<>();

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
        pipeline.publishSeedCases();
    }

    @AfterEach
    void removeWhatWasMadeHereAndRestoreTheSeedCases() {
        pipeline.publishAndAwait(madeHere.stream().map(RenderedEvents::removed).toList());
        pipeline.publishCasesAndAwait(List.of(RenderedCases.removed(NUMBER)));
        pipeline.publishSeedCases();
    }

    @Test
    void casePageShowsTheCaseAndItsInsightsNewestFirstAndTheListShowsEveryPublishedCase() throws Exception {
        InsightRendered older = insight("older", "2026-02-01T00:00:00Z");
        InsightRendered newer = insight("newer", "2026-03-01T00:00:00Z");
        pipeline.publishAndAwait(List.of(older, newer));

        pipeline.publishCasesAndAwait(List.of(RenderedCases.rendered(NUMBER, "A case of its own " + run)));

        Document page = page("/cases/" + NUMBER);
        assertThat(page.select("h1").text()).isEqualTo("A case of its own " + run);
        // the cards are listed under the section's heading: their titles are one level below it, as the listing's
        // cards are one below the page's h1
        assertThat(page.select("section.cards > h2").text()).isEqualTo("Insights from Case " + NUMBER);
        assertThat(page.select("article.card h2")).isEmpty();
        assertThat(page.select("article.card h3.card-title a").eachAttr("href"))
                .containsExactly("/insights/" + newer.slug(), "/insights/" + older.slug());
        assertThat(page.select("link[rel=canonical]").attr("href")).endsWith("/cases/" + NUMBER);
        Document list = page("/cases");
        assertThat(list.select("article.card h2 a").eachAttr("href"))
                .containsExactly("/cases/01", "/cases/02", "/cases/03", "/cases/04", "/cases/05", "/cases/06",
                        "/cases/07", "/cases/08", "/cases/" + NUMBER);
        JsonNode json = json("/api/cases/" + NUMBER);
        assertThat(json.get("title").stringValue()).isEqualTo("A case of its own " + run);
        assertThat(json.get("insights").findValuesAsString("slug")).containsExactly(newer.slug(), older.slug());
        assertThat(json("/api/cases").get("items").findValuesAsString("number")).contains("06", NUMBER);
        for (String path : List.of("/cases", "/cases/" + NUMBER, "/cases/02")) {
            assertThat(NuHtmlChecker.errors(text(path))).as(path).isEmpty();
        }
    }

    @Test
    void caseOfManyInsightsIsServedAPageAtATimeAndEveryInsightIsLinkedToItAndListedOnce() throws Exception {
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        List<InsightRendered> many = IntStream.range(0, 105)
                .mapToObj(i -> insight("many-" + i, first.plus(Duration.ofHours(i)).toString())).toList();
        pipeline.publishAndAwait(many);

        // more than one chunk of the projector's resolve (CaseProjector.RESOLVE_CHUNK, 100)
        pipeline.publishCasesAndAwait(List.of(RenderedCases.rendered(NUMBER, "Many " + run)));

        List<String> newestFirst = new ArrayList<>(many.stream().map(InsightRendered::slug).toList());
        Collections.reverse(newestFirst);
        for (String slug : newestFirst) {
            assertThat(stored("page_html", slug)).as(slug).contains("href=\"/cases/" + NUMBER + "\"");
            assertThat(stored("card_html", slug)).as(slug).contains("href=\"/cases/" + NUMBER + "\"");
        }
        List<String> cards = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String path = "/cases/" + NUMBER;
        while (path != null) {
            Document page = page(path);
            assertThat(page.select("h1").text()).isEqualTo("Many " + run);
            List<String> slugs = page.select("article.card .card-title a").eachAttr("href").stream()
                    .map(href -> href.substring("/insights/".length())).toList();
            cards.addAll(slugs);
            sizes.add(slugs.size());
            var older = page.selectFirst("a[rel=next]");
            path = older == null ? null : older.attr("href");
            if (path != null && sizes.size() == 2) {
                assertThat(NuHtmlChecker.errors(text(path))).as(path).isEmpty();
                Document olderPage = page(path);
                assertThat(olderPage.select("link[rel=canonical]").attr("href")).endsWith(path);
                assertThat(olderPage.title()).endsWith(" · older insights");
            }
        }
        assertThat(sizes).containsExactly(20, 20, 20, 20, 20, 5);
        assertThat(cards).containsExactlyElementsOf(newestFirst);

        JsonNode newest = json("/api/cases/" + NUMBER);
        assertThat(newest.get("insights")).hasSize(100);
        JsonNode oldest = json("/api/cases/" + NUMBER + "?cursor=" + newest.get("nextCursor").stringValue());
        assertThat(oldest.get("nextCursor").isNull()).isTrue();
        List<String> listed = new ArrayList<>(newest.get("insights").findValuesAsString("slug"));
        listed.addAll(oldest.get("insights").findValuesAsString("slug"));
        assertThat(listed).containsExactlyElementsOf(newestFirst);

        http.get().uri("/cases/" + NUMBER + "?cursor=damaged").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
        http.get().uri("/api/cases/" + NUMBER + "?cursor=damaged").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void storedPageAndCardLinkToTheCaseOnlyWhileItIsPublished() {
        InsightRendered insight = insight("linked", "2026-02-01T00:00:00Z");
        pipeline.publishAndAwait(insight);
        assertThat(caseLink("/insights/" + insight.slug())).isNull();
        String plainEtag = etag("/insights/" + insight.slug());

        pipeline.publishCasesAndAwait(List.of(RenderedCases.rendered(NUMBER, "First title")));

        assertThat(caseLink("/insights/" + insight.slug())).isEqualTo("/cases/" + NUMBER + " Case 97: First title");
        assertThat(etag("/insights/" + insight.slug())).isNotEqualTo(plainEtag);
        assertThat(storedGzip(insight.slug())).isEqualTo(stored("page_html", insight.slug()))
                .contains("href=\"/cases/" + NUMBER + "\"");
        assertThat(stored("card_html", insight.slug())).contains("<a class=\"case\" href=\"/cases/97\"");

        pipeline.publishCasesAndAwait(List.of(RenderedCases.removed(NUMBER)));

        assertThat(caseLink("/insights/" + insight.slug())).isNull();
        assertThat(stored("page_html", insight.slug())).isEqualTo(insight.pageHtml());
        assertThat(stored("content_hash", insight.slug())).isEqualTo(insight.contentHash());
        assertThat(etag("/insights/" + insight.slug())).isEqualTo(plainEtag);
        assertThat(stored("card_html", insight.slug())).isEqualTo(insight.cardHtml());
    }

    @Test
    void insightPublishedAfterItsCaseIsStoredLinkedAtOnce() {
        pipeline.publishCasesAndAwait(List.of(RenderedCases.rendered(NUMBER, "Published first")));

        InsightRendered insight = insight("later", "2026-02-01T00:00:00Z");
        pipeline.publishAndAwait(insight);

        assertThat(caseLink("/insights/" + insight.slug())).isEqualTo("/cases/97 Case 97: Published first");
    }

    @Test
    void retitledCaseUpdatesThePagesOfItsInsightsWithoutAnyInsightEvent() {
        InsightRendered insight = insight("retitled", "2026-02-01T00:00:00Z");
        pipeline.publishAndAwait(insight);
        pipeline.publishCasesAndAwait(List.of(RenderedCases.rendered(NUMBER, "Old title")));
        assertThat(caseLink("/insights/" + insight.slug())).endsWith("Old title");

        pipeline.publishCasesAndAwait(List.of(RenderedCases.rendered(NUMBER, "New title")));

        assertThat(caseLink("/insights/" + insight.slug())).isEqualTo("/cases/97 Case 97: New title");
        assertThat(page("/cases/" + NUMBER).select("h1").text()).isEqualTo("New title");
    }

    @Test
    void listingCardsLinkToPublishedCasesAndTheCounterCountsThemExactly() {
        assertThat(page("/insights").select("main p.counter").text()).isEqualTo("8 Cases · 9 Insights · since 2026");
        assertThat(page("/insights").select(".card .meta a.case").eachAttr("href")).contains("/cases/06", "/cases/01");

        pipeline.publishCasesAndAwait(List.of(RenderedCases.removed("06"), RenderedCases.rendered(NUMBER, "Ninety")));

        Document listing = page("/insights");
        assertThat(listing.select("main p.counter").text()).isEqualTo("8 Cases · 9 Insights · since 2026");
        assertThat(listing.select(".card .meta a.case[href=/cases/06]")).isEmpty();
        assertThat(listing.select(".card .meta span.case").eachText()).containsExactly("From Case 06");
        assertThat(listing.select("section.cta a").attr("href")).isEqualTo("/cases");

        pipeline.publishCasesAndAwait(List.of(RenderedCases.removed(NUMBER)));
        pipeline.publishCasesAndAwait(List.of(RenderedCases.removed(NUMBER)));

        assertThat(page("/insights").select("main p.counter").text()).isEqualTo("7 Cases · 9 Insights · since 2026");
        http.get().uri("/api/stats").exchange().expectBody().jsonPath("$.cases").isEqualTo(7);
    }

    @Test
    void sitemapListsTheCasesPageAndEveryPublishedCase() {
        pipeline.publishCasesAndAwait(List.of(RenderedCases.removed("05")));

        String sitemap = text("/sitemap.xml");

        assertThat(sitemap).contains("/cases</loc>", "/cases/06</loc>").doesNotContain("/cases/05</loc>");
    }

    @Test
    void unknownCaseIs404AndUnpublishedCaseIs410AsPageAndAsProblem() {
        pipeline.publishCasesAndAwait(List.of(RenderedCases.rendered(NUMBER, "Published, then unpublished")));
        pipeline.publishCasesAndAwait(List.of(RenderedCases.removed(NUMBER)));

        http.get().uri("/cases/" + NUMBER).exchange().expectStatus().isEqualTo(410);
        http.get().uri("/cases/96").exchange().expectStatus().isNotFound();
        http.get().uri("/cases/six").exchange().expectStatus().isNotFound();
        http.get().uri("/api/cases/" + NUMBER).exchange().expectStatus().isEqualTo(410)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.number").isEqualTo(NUMBER);
        http.get().uri("/api/cases/96").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void unpublishOfACaseNotPublishedChangesNothingAndEmptiesNoCache() {
        String neverPublished = "94";
        pipeline.publishCasesAndAwait(List.of(RenderedCases.rendered(NUMBER, "Published, then unpublished")));
        pipeline.publishCasesAndAwait(List.of(RenderedCases.removed(NUMBER)));
        String counter = page("/insights").select("main p.counter").text();

        try (ChangeNotifications notices = ChangeNotifications.listen(r2dbc)) {
            // an editor's DELETE of a number never published, and a second one of a case already unpublished
            CaseRemoved unknown = RenderedCases.removed(neverPublished);
            CaseRemoved again = RenderedCases.removed(NUMBER);
            pipeline.send(codec.toRecord(Topics.CASE_RENDERED, unknown));
            pipeline.send(codec.toRecord(Topics.CASE_RENDERED, again));
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.appliedCaseOffset(neverPublished)
                    >= unknown.revision().offset() && pipeline.appliedCaseOffset(NUMBER) >= again.revision().offset());

            // notifications arrive in the order their transactions committed: one sent after both, and none before
            String after = "after-" + run;
            pipeline.database().sql("select pg_notify(:channel, :payload)::text")
                    .bind("channel", InsightChanges.CHANNEL).bind("payload", after).then().block();
            await().atMost(Duration.ofSeconds(10)).until(() -> notices.payloads().contains(after));
            assertThat(notices.payloads()).containsExactly(after);
        }
        http.get().uri("/cases/" + neverPublished).exchange().expectStatus().isNotFound();
        http.get().uri("/api/cases/" + neverPublished).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/cases/" + NUMBER).exchange().expectStatus().isEqualTo(410);
        assertThat(page("/insights").select("main p.counter").text()).isEqualTo(counter);
    }

    @Test
    void recordThatIsNoRenderedCaseGoesToTheDeadLetterTopicWithItsReasonAndTheNextIsApplied() {
        CaseRendered valid = RenderedCases.rendered(NUMBER, "After the bad record");
        ProducerRecord<String, byte[]> template = new CloudEventCodec().toRecord(Topics.CASE_RENDERED, valid);
        String marker = UUID.randomUUID().toString();

        pipeline.send(new ProducerRecord<>(Topics.CASE_RENDERED, null, NUMBER,
                ("{\"not\": \"a case\", \"marker\": \"" + marker + "\"}").getBytes(StandardCharsets.UTF_8),
                template.headers()));
        pipeline.publishCasesAndAwait(List.of(valid));

        assertThat(page("/cases/" + NUMBER).select("h1").text()).isEqualTo("After the bad record");
        ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka, Topics.CASE_RENDERED_DLT,
                marker);
        // the reason, not the listener method that Spring's wrapper names
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                .startsWith("invalid case.rendered.v1 JSON").doesNotContain("Listener method");
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-original-consumer-group"))
                .isEqualTo(Topics.CASE_PROJECTOR_GROUP);
        assertThat(deadLetter.key()).isEqualTo(NUMBER);
    }

    @Test
    void caseTheDatabaseRejectsGoesToTheDeadLetterTopicWithTheDatabasesReasonAndTheNextIsApplied() {
        String marker = UUID.randomUUID().toString();
        // a well-formed event that render-service passes through, but PostgreSQL stores no NUL character in text
        CaseRendered rejected = RenderedCases.rendered(NUMBER, "A NUL \u0000 in the title " + marker);
        CaseRendered next = RenderedCases.rendered(NUMBER, "After the rejected case");

        // the same key, so the same partition: the rejected one must not hold up the one after it
        pipeline.send(codec.toRecord(Topics.CASE_RENDERED, rejected));
        pipeline.publishCasesAndAwait(List.of(next));

        assertThat(page("/cases/" + NUMBER).select("h1").text()).isEqualTo("After the rejected case");
        ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka, Topics.CASE_RENDERED_DLT,
                marker);
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                .startsWith("the database rejected the record: ").contains("0x00").doesNotContain("Listener method");
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-original-consumer-group"))
                .isEqualTo(Topics.CASE_PROJECTOR_GROUP);
        assertThat(deadLetter.key()).isEqualTo(NUMBER);
        assertThat(deadLettersContaining(marker)).hasSize(1);
    }

    @Test
    void caseDatedInTheLastYearAnInstantHoldsGoesToTheDeadLetterTopicWithItsReasonAndTheNextIsApplied() {
        String marker = UUID.randomUUID().toString();
        CaseRendered template = RenderedCases.rendered(NUMBER, "Dated past every calendar " + marker);
        // an Instant holds the year 1,000,000,000, a date with an offset one year less: the case projector's date of it
        // threw a DateTimeException, which read as the database being away, and the partition was retried for ever
        CaseRendered endOfTime = new CaseRendered(template.eventId(), template.occurredAt(),
                template.sourceEventId(), template.revision(), template.revisedAt(), template.number(),
                template.slug(), template.title(), template.summary(), Instant.parse("+1000000000-01-01T00:00:00Z"),
                template.caseHtml(), template.contentHash());
        CaseRendered next = RenderedCases.rendered(NUMBER, "After the case dated past every calendar");

        pipeline.send(codec.toRecord(Topics.CASE_RENDERED, endOfTime));
        pipeline.publishCasesAndAwait(List.of(next));

        assertThat(page("/cases/" + NUMBER).select("h1").text()).isEqualTo("After the case dated past every calendar");
        ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka, Topics.CASE_RENDERED_DLT,
                marker);
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                .isEqualTo("the time +1000000000-01-01T00:00:00Z is past every date");
        assertThat(deadLettersContaining(marker)).hasSize(1);
    }

    @Test
    void caseChangeTheDatabaseFailsToApplyForLongerThanDeadLetterAfterIsAppliedOnceItCanAndNeverDeadLettered()
            throws SQLException {
        String marker = UUID.randomUUID().toString();
        CaseRendered held = RenderedCases.rendered(NUMBER, "Held up " + marker);
        try (Connection blocker = jdbcConnection()) {
            blocker.setAutoCommit(false);
            // the case projector reads the case's row for update, which waits behind this lock
            blocker.createStatement().execute("lock table public.cases in exclusive mode");
            pipeline.send(codec.toRecord(Topics.CASE_RENDERED, held));
            // each time it waits, its connection is killed: a failure that is not the record's, as a database restart
            // is; six of them span several times dead-letter-after (1 s here) with the back-off between
            for (int failures = 0; failures < 6; failures++) {
                await("the case projector trying the record again").atMost(Duration.ofSeconds(30))
                        .until(() -> killCaseProjectorWaitingForTheLock() > 0);
            }
            blocker.rollback();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.appliedCaseOffset(NUMBER)
                >= held.revision().offset());
        assertThat(pipeline.database().sql("select title from cases where number = :number").bind("number", NUMBER)
                .map(row -> row.get(0, String.class)).one().block()).isEqualTo("Held up " + marker);
        assertThat(deadLettersContaining(marker)).isEmpty();
    }

    @Test
    void caseChangeIsCommittedWithSynchronousCommitOnWhateverTheServerSays() {
        // a trigger reads the setting inside the transaction that applies the case, and what the session would have
        // without it (zonky's embedded PostgreSQL, as the dev stack's, runs with synchronous_commit=off)
        var sql = pipeline.database();
        dropCommitProbe();
        sql.sql("create table public.case_commit_probe (number text, synchronous_commit text, session_default text)")
                .then().block();
        sql.sql("""
                create function public.case_commit_probe() returns trigger language plpgsql as $probe$
                begin
                    insert into public.case_commit_probe
                    select new.number, current_setting('synchronous_commit'), reset_val
                    from pg_settings where name = 'synchronous_commit';
                    return new;
                end $probe$""").then().block();
        sql.sql("create trigger case_commit_probe after insert or update on public.cases for each row"
                + " execute function public.case_commit_probe()").then().block();
        try {
            pipeline.publishCasesAndAwait(List.of(RenderedCases.rendered(NUMBER, "Committed durably")));

            var probed = sql.sql("select synchronous_commit, session_default from public.case_commit_probe"
                            + " where number = :number").bind("number", NUMBER)
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
        var sql = pipeline.database();
        sql.sql("drop trigger if exists case_commit_probe on public.cases").then().block();
        sql.sql("drop function if exists public.case_commit_probe()").then().block();
        sql.sql("drop table if exists public.case_commit_probe").then().block();
    }

    /**
     * Terminates the case projector's connection while it waits for a lock on the cases; how many it terminated. In a
     * transaction of its own: one transaction sees one snapshot of pg_stat_activity.
     */
    private long killCaseProjectorWaitingForTheLock() {
        return pipeline.database().sql("""
                        select count(pg_terminate_backend(pid)) from pg_stat_activity
                        where wait_event_type = 'Lock' and query like '%removed_at is null as live from public.cases%'""")
                .map(row -> row.get(0, Long.class)).one().block();
    }

    private Connection jdbcConnection() throws SQLException {
        ConnectionFactoryOptions options = r2dbc.getConnectionFactoryOptions();
        Object port = options.hasOption(ConnectionFactoryOptions.PORT)
                ? options.getValue(ConnectionFactoryOptions.PORT) : 5432;
        return DriverManager.getConnection("jdbc:postgresql://%s:%s/%s".formatted(
                        options.getRequiredValue(ConnectionFactoryOptions.HOST), port,
                        options.getRequiredValue(ConnectionFactoryOptions.DATABASE)),
                String.valueOf(options.getRequiredValue(ConnectionFactoryOptions.USER)),
                options.hasOption(ConnectionFactoryOptions.PASSWORD)
                        ? String.valueOf(options.getValue(ConnectionFactoryOptions.PASSWORD)) : null);
    }

    /** Every record on case-rendered.DLT now whose value contains the marker, read to the topic's end. */
    private List<ConsumerRecord<String, byte[]>> deadLettersContaining(String marker) {
        return DeadLetterTopic.recordsContaining(kafka, Topics.CASE_RENDERED_DLT, marker);
    }

    /** An insight of case 97 as render-service renders it: the meta line of the site layout on its page and card. */
    private InsightRendered insight(String name, String publishedAt) {
        Seed seed = Seed.all().get(0);
        Seed own = new Seed("case-" + name + "-" + run, seed.title() + " " + name, seed.summary(), seed.category(),
                Instant.parse(publishedAt), seed.readingMinutes(), NUMBER, seed.tags(), seed.body(), seed.language());
        InsightRendered rendered = RenderedEvents.rendered(own);
        madeHere.add(own.slug());
        InsightMeta meta = new InsightMeta(own.category(), own.publishedAt().atOffset(ZoneOffset.UTC).toLocalDate(),
                own.readingMinutes(), NUMBER);
        String page = rendered.pageHtml().replace("<header><h1>",
                "<header>" + Layout.render(Layout.meta(meta)) + "<h1>");
        String card = Layout.render(Layout.card(new Card("/insights/" + own.slug(), own.title(), own.summary(), meta)));
        return new InsightRendered(rendered.eventId(), rendered.occurredAt(), rendered.sourceEventId(),
                rendered.revision(), rendered.revisedAt(), rendered.insight(), page, card, rendered.searchDocument(),
                RenderedEvents.hash(page));
    }

    /** The case link of the page's meta line, "href title", or null while it is plain text. */
    private String caseLink(String path) {
        var link = page(path).selectFirst(".meta a.case");
        return link == null ? null : link.attr("href") + " " + link.attr("title");
    }

    /** A column of the insight's row as the projector stored it. */
    private String stored(String column, String slug) {
        return pipeline.database().sql("select " + column + " from insight where slug = :slug").bind("slug", slug)
                .map(row -> row.get(0, String.class)).one().block();
    }

    private String etag(String path) {
        return http.get().uri(path).exchange().returnResult(byte[].class).getResponseHeaders().getETag();
    }

    /** The page as the projector stored it in gzip, decompressed. */
    private String storedGzip(String slug) {
        byte[] gzip = pipeline.database().sql("select page_gzip from insight where slug = :slug").bind("slug", slug)
                .map(row -> row.get(0, byte[].class)).one().block();
        return new String(Decompressed.gzip(gzip), StandardCharsets.UTF_8);
    }

    private JsonNode json(String path) {
        return http.get().uri(path).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    private Document page(String path) {
        return Jsoup.parse(text(path));
    }

    private String text(String path) {
        return new String(http.get().uri(path).exchange().expectBody().returnResult().getResponseBody(),
                StandardCharsets.UTF_8);
    }
}
