package io.zerone.insights.query.cases;

import java.util.List;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** The read side of the cases table (V9); the insights of a case are read a page at a time by CaseInsights. */
@Component
class StoredCases {

    private final DatabaseClient database;

    StoredCases(DatabaseClient database) {
        this.database = database;
    }

    /**
     * The case under this number, live or removed; empty when none was ever published, also when a mistyped number was
     * unpublished (its tombstone, which keeps the order of its revisions, answers 404 as any unknown number).
     */
    Mono<StoredCase> find(String number) {
        return database.sql("select " + StoredCase.COLUMNS + " from cases where number = :number"
                        + " and (removed_at is null or was_published)")
                .bind("number", number)
                .map(StoredCase::read)
                .one();
    }

    /** Every published case, by number. */
    Mono<List<StoredCase>> published() {
        return database.sql("select " + StoredCase.COLUMNS + " from cases where removed_at is null order by number")
                .map(StoredCase::read)
                .all().collectList();
    }

    /** How many live insights each case has, kept by the projection (insight_count, facet 'case'). */
    Mono<Map<String, Long>> insightCounts() {
        return database.sql("select value, insights from insight_count where facet = 'case' and insights > 0")
                .map(row -> Map.entry(row.get("value", String.class), row.get("insights", Long.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }
}
