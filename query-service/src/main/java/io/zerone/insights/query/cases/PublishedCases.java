package io.zerone.insights.query.cases;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.zerone.insights.layout.CaseLinks;
import reactor.core.publisher.Mono;

/**
 * For pages that query-service renders itself (the listing and its relatives): the published cases, so that "From
 * Case NN" on their cards links exactly while case NN is published, as the stored pages do. Such pages are cached as responses of many insights, which every
 * change of a case drops (docs/adr/0024-cases-and-case-links.md).
 */
@Component
public class PublishedCases {

    private final DatabaseClient database;

    PublishedCases(DatabaseClient database) {
        this.database = database;
    }

    /** The title of every published case, by number: what {@link CaseLinks#resolve} resolves against. */
    public Mono<Map<String, String>> titles() {
        return database.sql("select number, title from cases where removed_at is null")
                .map(row -> Map.entry(row.get("number", String.class), row.get("title", String.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** The page of every published case with when it was last revised, by number: for the sitemap. */
    public Mono<Map<String, Instant>> pages() {
        return database.sql("select number, revised_at from cases where removed_at is null order by number")
                .map(row -> Map.entry(CaseLinks.path(row.get("number", String.class)),
                        row.get("revised_at", Instant.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
    }
}
