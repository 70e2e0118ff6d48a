package io.zerone.insights.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.jayway.jsonpath.JsonPath;

import io.zerone.insights.query.BulkInsights;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import reactor.core.publisher.Flux;

/**
 * At a few thousand documents, the plans of the search queries the service runs name their indexes, and a word that
 * every document holds is answered from a bounded number of rows.
 */
@QueryServiceIntegrationTest
// the tests only read: the rows are written once for all of them, which takes tens of seconds
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchIndexIntegrationTests {

    @Autowired
    DatabaseClient database;

    @Autowired
    WebTestClient http;

    @Autowired
    SearchQueries searches;

    @Autowired
    ReactiveTransactionManager transactions;

    @BeforeAll
    void givenAFewThousandDocuments() {
        BulkInsights.insert(database, 5000);
        // and a category of three documents: every document holds "bulk", so its searches go past the cap
        database.sql("update insight_search set category = :small where slug in ('bulk-7', 'bulk-19', 'bulk-31')")
                .bind("small", SMALL_CATEGORY).then().block();
        String generation = database.sql("select schema_name from projection_generation where state = 'active'")
                .map(row -> row.get(0, String.class)).one().block();
        database.sql("analyze " + generation + ".insight_search").then().block();
    }

    /** Of words the vocabulary has already ("category"), so that the test leaves no word of its own in it. */
    private static final String SMALL_CATEGORY = "Category 99";

    @AfterAll
    void removeThem() {
        BulkInsights.delete(database);
    }

    @Test
    void fullTextSearchUsesTheGinIndexOfEachLanguage() {
        String plan = BulkInsights.explain(database, SearchQueries.searchSql(false), search("word4242"));

        assertThat(plan).contains("insight_search_en_idx").contains("insight_search_de_idx");
        // one pass serves the facets and the candidates
        assertThat(plan.split("Bitmap Index Scan on insight_search_en_idx", -1)).hasSize(2);
    }

    @Test
    void everySearchIsPlannedForItsWordsNotByAPlanMadeOnceForEveryWord() {
        int searched = 12;
        // the searches and the look at their prepared statement share one connection: the test's transaction
        List<Long> plans = Flux.range(0, searched)
                .concatMap(n -> searches.search("word" + (4000 + n), null, 10))
                // every search statement this connection prepared (with and without a category, for earlier tests too)
                .then(database.sql("""
                                select coalesce(sum(generic_plans), 0)::bigint as generic,
                                       coalesce(sum(custom_plans), 0)::bigint as custom
                                from pg_prepared_statements where statement like 'with matching as materialized%'""")
                        .map(row -> List.of(row.get("generic", Long.class), row.get("custom", Long.class)))
                        .one())
                .as(TransactionalOperator.create(transactions)::transactional)
                .block();

        // after five executions PostgreSQL would otherwise weigh a generic plan, blind to how common the words are
        assertThat(plans.get(0)).as("generic plans").isZero();
        assertThat(plans.get(1)).as("custom plans").isGreaterThanOrEqualTo(searched);
    }

    @Test
    void rankingAndHeadlinesWorkOnABoundedNumberOfRows() {
        String plan = BulkInsights.explain(database, SearchQueries.searchSql(false), search("bulk"));

        // every document matches: the index pass stops at the facets' cap, the candidates at theirs, before anything
        // is ranked
        assertThat(plan).containsPattern("Limit\\s+\\(.*rows=" + (SearchQueries.FACET_CAP + 1) + " ")
                .containsPattern("Limit\\s+\\(.*rows=" + SearchQueries.CANDIDATES + " ");
    }

    @Test
    void searchWithinACategoryTakesItsCandidatesFromTheOnePassWhenItFoundEveryMatch() {
        var parameters = new HashMap<>(search("topic42 or topic43"));
        parameters.put("category", "Engineering");

        String plan = BulkInsights.explainAnalyze(database, SearchQueries.searchSql(true), parameters);

        // the facets' pass stopped below the cap, so it holds the category's every match: no second pass runs
        assertThat(plan.split("Bitmap Index Scan on insight_search_en_idx \\(actual", -1)).hasSize(2);
        assertThat(categoryPass(plan)).containsPattern(" on insight_search \\w+ \\(never executed\\)")
                .doesNotContainPattern(" on insight_search \\w+ \\(actual");
    }

    @Test
    void searchWithinACategoryTakesASecondPassWhenTheFirstStoppedAtTheCap() {
        var parameters = new HashMap<>(search("bulk"));
        parameters.put("category", "Category 5");

        String plan = BulkInsights.explainAnalyze(database, SearchQueries.searchSql(true), parameters);

        // every document matches: the facets' pass stops at the cap, so the category's candidates come from a pass
        // of their own instead of from the matches it holds
        assertThat(plan).containsPattern("CTE Scan on matching \\w+ \\(never executed\\)\\s+Filter: \\(category = ")
                .doesNotContainPattern("Scan on insight_search \\w+ \\(never executed\\)");
        http.get().uri("/api/search?q=bulk&category=Category 5").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(10)
                .jsonPath("$.items[*].category").value(categories -> assertThat(categories)
                        .asInstanceOf(InstanceOfAssertFactories.LIST).containsOnly("Category 5"));
    }

    @Test
    void aSmallCategoryPastTheCapIsSearchedInItsOwnRowsNotInEveryMatchOfTheWord() {
        var parameters = new HashMap<>(search("bulk"));
        parameters.put("category", SMALL_CATEGORY);

        String plan = BulkInsights.explainAnalyze(database, SearchQueries.searchSql(true), parameters);

        // the category's pass ran (the first stopped at the cap) and read its three rows through an index: neither
        // the table nor the word's 5,000 matches, which a filter on the category would have thrown away
        assertThat(categoryPass(plan)).doesNotContain("Seq Scan")
                .containsPattern("(Bitmap Heap Scan on|Index Scan using insight_search_category_idx on) insight_search"
                        + " \\w+ \\(actual rows=3(\\.00)? ")
                .doesNotContainPattern("Rows Removed by (Filter|Index Recheck): \\d{2,}");
        http.get().uri("/api/search?q=bulk&category=" + SMALL_CATEGORY).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[*].slug").value(slugs -> assertThat(slugs)
                        .asInstanceOf(InstanceOfAssertFactories.LIST)
                        .containsExactlyInAnyOrder("bulk-7", "bulk-19", "bulk-31"))
                .jsonPath("$.total.count").isEqualTo(3)
                .jsonPath("$.total.capped").isEqualTo(false);
    }

    @Test
    void pastTheCapTheTotalInACategoryIsAtLeastWhatItsFacetCounted() {
        String body = http.get().uri("/api/search?q=bulk&category=Category 5").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        // every document matches, a twelfth of them in each category: of the 1,001 counted, some 84 in Category 5
        List<Integer> facet = JsonPath.read(body, "$.facets[?(@.category == 'Category 5')].count");
        assertThat(facet).singleElement().isNotNull();
        assertThat((Integer) JsonPath.read(body, "$.total.count")).isEqualTo(facet.get(0)).isLessThan(200);
        assertThat((Boolean) JsonPath.read(body, "$.total.capped")).isTrue();
    }

    /** The plan of the category's own pass (the CTE {@code in_category}), as EXPLAIN prints it. */
    private static String categoryPass(String plan) {
        int start = plan.indexOf("CTE in_category");
        assertThat(start).as(plan).isNotNegative();
        return plan.substring(start, plan.indexOf("CTE terms", start));
    }

    private static Map<String, Object> search(String query) {
        return Map.of("q", query, "cap", SearchQueries.FACET_CAP + 1, "candidates", SearchQueries.CANDIDATES,
                "limit", 10, "whole", Snippets.WHOLE, "options", Snippets.OPTIONS);
    }

    @Test
    void typoCorrectionFindsNearestWordsThroughTheTrigramIndexOfTheVocabulary() {
        String plan = BulkInsights.explain(database, Spelling.NEAREST_SQL,
                Map.of("words", new String[] {"lexemebcdf", "insigth"}, "edits", new Integer[] {2, 2},
                        "neighbours", Spelling.NEIGHBOURS));

        assertThat(plan).contains("Index Scan using search_term_trgm_idx").contains("Order By: (term <-> w.word)");
    }

    @Test
    void facetsBeyondTheCapAreShownAsAThousandPlus() {
        http.get().uri("/api/search?q=bulk").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total.count").isEqualTo(SearchQueries.FACET_CAP)
                .jsonPath("$.total.capped").isEqualTo(true)
                .jsonPath("$.facets[0].capped").isEqualTo(true)
                .jsonPath("$.items.length()").isEqualTo(10);

        String page = new String(http.get().uri("/insights/search?q=bulk").exchange().expectBody().returnResult()
                .getResponseBody(), java.nio.charset.StandardCharsets.UTF_8);
        // search has no further pages: the page says the 20 it shows are the best, not all
        assertThat(page).contains("Showing the best 20 of 1,000+ insights that match “bulk”.");
    }
}
