package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;

/**
 * The counters the projection keeps (insight_count) and the tag listing table (insight_tag) against a count over the
 * insight table itself, after every kind of change a batch can bring. Every slug made here is unpublished afterwards,
 * so other tests see the nine seeds.
 */
@QueryServiceIntegrationTest
class KeptCountersIntegrationTests {

    /** What insight_count must hold: the same counters, counted over every live row. */
    private static final String COUNTED = """
            select facet, value, count(*) as insights
            from insight
            cross join lateral (
                values ('total', 'insights'), ('category', category), ('case', case_ref),
                       ('year', to_char(published_at at time zone 'UTC', 'YYYY'))
                union
                select 'tag', tag from unnest(tags) tag
                union
                select 'tag:' || tag, category from unnest(tags) tag) counter (facet, value)
            where removed_at is null and value is not null
            group by facet, value""";

    @Autowired
    TestPipeline pipeline;

    @Autowired
    DatabaseClient database;

    @Autowired
    WebTestClient http;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    Rebuild rebuild;

    private final String run = Long.toString(System.nanoTime(), 36);
    private final List<String> madeHere = new CopyOnWriteArrayList<>();

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @AfterEach
    void unpublishWhatWasMadeHere() {
        pipeline.publishAndAwait(madeHere.stream().map(RenderedEvents::removed).toList());
    }

    @Test
    void countersMatchTheTableAfterPublishesRevisionsAndUnpublishes() {
        pipeline.publishAndAwait(List.of(
                publish(insight("a", "Counting", "C-901", List.of("kept", "counters"), "2019-03-01T10:00:00Z")),
                publish(insight("b", "Counting", "C-901", List.of("kept"), "2021-03-01T10:00:00Z")),
                publish(insight("c", "Other", null, List.of("counters", "kept"), "2022-03-01T10:00:00Z"))));

        assertThat(kept()).isEqualTo(counted());
        http.get().uri("/api/stats").exchange().expectBody().json("{\"since\": 2019}");

        // a revision that changes category, case, tags and year; one that only changes the title
        pipeline.publishAndAwait(List.of(
                publish(insight("a", "Recounted", "C-902", List.of("moved"), "2023-03-01T10:00:00Z")),
                publish(insight("b", "Counting", "C-901", List.of("kept"), "2021-03-01T10:00:00Z"))));

        assertThat(kept()).isEqualTo(counted());
        assertThat(kept()).containsEntry("category=Recounted", 1L).doesNotContainKey("year=2019")
                .containsEntry("tag:moved=Recounted", 1L).containsEntry("tag:kept=Counting", 1L)
                .containsEntry("tag:kept=Other", 1L);
        http.get().uri("/api/stats").exchange().expectBody().json("{\"since\": 2021}");

        pipeline.publishAndAwait(RenderedEvents.removed(slug("b")));

        assertThat(kept()).isEqualTo(counted()).doesNotContainKey("case=C-901");
        assertThat(tagRows()).isEqualTo(taggedRows());
        http.get().uri("/api/tags").exchange().expectBody()
                .jsonPath("$[?(@.name == 'kept')].insights").isEqualTo(List.of(1));
        http.get().uri("/api/categories").exchange().expectBody()
                .jsonPath("$[?(@.name == 'Recounted')].insights").isEqualTo(List.of(1));
    }

    @Test
    void countersStayExactThroughAFullReplayAndARebuildIntoANewGeneration() {
        pipeline.publishAndAwait(List.of(
                publish(insight("d", "Replayed", "C-903", List.of("replay"), "2020-05-05T10:00:00Z")),
                publish(insight("d", "Replayed twice", "C-904", List.of("replay", "again"), "2020-05-05T10:00:00Z"))));
        Map<String, Long> before = kept();

        pipeline.replayFromTheBeginning(listeners.getListenerContainer(ProjectionListener.GROUP));
        pipeline.awaitCaughtUp();

        // other tests of this JVM write rows straight into the projection: the replay brings back what they deleted
        assertThat(kept()).containsAllEntriesOf(Map.of("case=C-904", 1L, "tag=again", 1L)).isEqualTo(counted());
        assertThat(before).doesNotContainKey("case=C-903");

        String old = pipeline.activeGeneration();
        rebuild.run();

        assertThat(pipeline.activeGeneration()).isNotEqualTo(old);
        assertThat(kept()).isEqualTo(counted());
        assertThat(tagRows()).isEqualTo(taggedRows());
        http.get().uri("/api/stats").exchange().expectBody().json("{\"since\": 2020}");
    }

    private InsightRendered publish(Seed insight) {
        madeHere.add(insight.slug());
        return RenderedEvents.rendered(insight);
    }

    private String slug(String name) {
        return "counted-" + run + "-" + name;
    }

    private Seed insight(String name, String category, String caseRef, List<String> tags, String publishedAt) {
        Seed template = Seed.all().get(2);
        return new Seed(slug(name), "Counted " + name, template.summary(), category, Instant.parse(publishedAt),
                template.readingMinutes(), caseRef, tags, template.body(), template.language());
    }

    private Map<String, Long> kept() {
        return counters("select facet, value, insights from insight_count where insights <> 0");
    }

    private Map<String, Long> counted() {
        return counters(COUNTED);
    }

    private Map<String, Long> counters(String sql) {
        return database.sql(sql)
                .map(row -> Map.entry(row.get("facet", String.class) + "=" + row.get("value", String.class),
                        row.get("insights", Long.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
    }

    private List<String> tagRows() {
        return rows("select tag || ' ' || slug || ' ' || category || ' ' || published_at from insight_tag");
    }

    private List<String> taggedRows() {
        return rows("""
                select distinct tag || ' ' || slug || ' ' || category || ' ' || published_at
                from insight, unnest(tags) tag where removed_at is null""");
    }

    private List<String> rows(String sql) {
        return database.sql(sql + " order by 1").map(row -> row.get(0, String.class)).all().collectList().block();
    }
}
