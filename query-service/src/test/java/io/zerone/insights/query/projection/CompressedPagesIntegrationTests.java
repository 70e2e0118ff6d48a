package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.r2dbc.core.DatabaseClient;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.Decompressed;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;

/** The pages the projector stores compressed beside the identity bytes, in the real PostgreSQL. */
@QueryServiceIntegrationTest
class CompressedPagesIntegrationTests {

    private record StoredPage(String slug, String html, byte[] gzip, byte[] brotli) {
    }

    @Autowired
    TestPipeline pipeline;

    @Autowired
    DatabaseClient database;

    @Autowired
    Rebuild rebuild;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private final String run = Long.toString(System.nanoTime(), 36);

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @Test
    void everyProjectedPageIsStoredInGzipAndBrotliThatDecompressToItsIdentityBytes() {
        List<StoredPage> pages = stored("select slug, page_html, page_gzip, page_br from insight where slug = any(:slugs)",
                Seed.all().stream().map(Seed::slug).toArray(String[]::new));

        assertThat(pages).hasSize(Seed.all().size()).allSatisfy(CompressedPagesIntegrationTests::decompressesToItsPage);
    }

    @Test
    void anUnpublishedInsightKeepsNoCompressedPage() {
        Seed seed = Seed.all().get(2);
        String slug = "compressed-" + run;
        pipeline.publishAndAwait(RenderedEvents.rendered(new Seed(slug, seed.title(), seed.summary(), seed.category(),
                seed.publishedAt(), seed.readingMinutes(), seed.caseRef(), seed.tags(), seed.body(), seed.language())));
        assertThat(stored("select slug, page_html, page_gzip, page_br from insight where slug = any(:slugs)", slug))
                .singleElement().satisfies(CompressedPagesIntegrationTests::decompressesToItsPage);

        pipeline.publishAndAwait(RenderedEvents.removed(slug));

        assertThat(database.sql("select page_gzip is null and page_br is null from insight where slug = :slug")
                .bind("slug", slug).map(row -> row.get(0, Boolean.class)).one().block()).isTrue();
    }

    @Test
    void aRebuildCarriesTheCompressedPagesIntoTheNewGeneration() {
        // other tests of this JVM write rows straight into the projection; start from what the topic says
        pipeline.replayFromTheBeginning(listeners.getListenerContainer(ProjectionListener.GROUP));
        pipeline.awaitCaughtUp();
        String before = pipeline.activeGeneration();

        Rebuild.Result result = rebuild.run();

        assertThat(result.generation()).isNotEqualTo(before).isEqualTo(pipeline.activeGeneration());
        List<StoredPage> pages = stored("select slug, page_html, page_gzip, page_br from " + result.generation()
                + ".insight where removed_at is null and slug = any(:slugs)",
                Seed.all().stream().map(Seed::slug).toArray(String[]::new));
        assertThat(pages).hasSize(Seed.all().size()).allSatisfy(CompressedPagesIntegrationTests::decompressesToItsPage);
    }

    private List<StoredPage> stored(String sql, String... slugs) {
        return database.sql(sql).bind("slugs", slugs)
                .map(row -> new StoredPage(row.get("slug", String.class), row.get("page_html", String.class),
                        row.get("page_gzip", byte[].class), row.get("page_br", byte[].class)))
                .all().collectList().block();
    }

    private static void decompressesToItsPage(StoredPage page) {
        byte[] identity = page.html().getBytes(StandardCharsets.UTF_8);
        assertThat(page.gzip()).as(page.slug()).isNotNull().hasSizeLessThan(identity.length);
        assertThat(page.brotli()).as(page.slug()).isNotNull().hasSizeLessThan(identity.length);
        assertThat(Decompressed.gzip(page.gzip())).as(page.slug()).isEqualTo(identity);
        assertThat(Decompressed.brotli(page.brotli())).as(page.slug()).isEqualTo(identity);
    }
}
