package io.zerone.insights.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import io.zerone.insights.query.BulkInsights;
import io.zerone.insights.query.QueryServiceIntegrationTest;

/** At a few thousand documents, the plans of the search queries the service runs name their GIN indexes. */
@QueryServiceIntegrationTest
class SearchIndexIntegrationTests {

    @Autowired
    DatabaseClient database;

    @BeforeEach
    void givenAFewThousandDocuments() {
        BulkInsights.insert(database, 5000);
    }

    @AfterEach
    void removeThem() {
        BulkInsights.delete(database);
    }

    @Test
    void fullTextSearchUsesTheGinIndexOfEachLanguage() {
        String plan = BulkInsights.explain(database, SearchQueries.hitsSql(SearchQueries.EXACT_MATCH,
                SearchQueries.EXACT_RANK, false), Map.of("q", "word4242", "limit", 10, "options", Snippets.OPTIONS));

        assertThat(plan).contains("insight_search_en_idx").contains("insight_search_de_idx");
    }

    @Test
    void facetCountsUseTheGinIndexToo() {
        String plan = BulkInsights.explain(database, SearchQueries.facetsSql(SearchQueries.EXACT_MATCH),
                Map.of("q", "topic42 or topic43"));

        assertThat(plan).contains("insight_search_en_idx");
    }

    @Test
    void typoTolerantSearchUsesTheTrigramIndex() {
        String plan = BulkInsights.explain(database, SearchQueries.hitsSql(SearchQueries.FUZZY_MATCH,
                SearchQueries.FUZZY_RANK, false), Map.of("q", "Bulk insigth 4242", "limit", 10,
                "options", Snippets.OPTIONS));

        assertThat(plan).contains("insight_search_fuzzy_idx");
    }
}
