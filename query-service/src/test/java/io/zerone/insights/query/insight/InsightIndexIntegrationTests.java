package io.zerone.insights.query.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import io.zerone.insights.query.BulkInsights;
import io.zerone.insights.query.QueryServiceIntegrationTest;

/**
 * The seed's expression-index lesson as a test: at a few thousand rows, the plans of the queries the service really
 * runs name the indexes made for them. A change to a query's ORDER BY or predicate that the index no longer
 * matches fails here, not in production.
 */
@QueryServiceIntegrationTest
class InsightIndexIntegrationTests {

    static final int ROWS = 5000;

    @Autowired
    DatabaseClient database;

    @BeforeEach
    void givenAFewThousandInsights() {
        BulkInsights.insert(database, ROWS);
    }

    @AfterEach
    void removeThem() {
        BulkInsights.delete(database);
    }

    @Test
    void listingPagesWalkTheListingIndex() {
        Cursor after = new Cursor(Instant.parse("2020-03-01T00:00:00Z"), "bulk-1416");

        assertThat(planOfListing(ListingFilter.NONE, null)).contains("insight_listing_idx").doesNotContain("Sort");
        assertThat(planOfListing(ListingFilter.NONE, after)).contains("insight_listing_idx").doesNotContain("Sort");
    }

    @Test
    void categoryListingUsesTheCategoryIndex() {
        ListingFilter category = new ListingFilter("Category 7", null, null, null, null);

        assertThat(planOfListing(category, null)).contains("insight_category_listing_idx").doesNotContain("Sort");
    }

    private String planOfListing(ListingFilter filter, Cursor after) {
        Map<String, Object> binds = new LinkedHashMap<>();
        String sql = InsightQueries.listingSql(filter, after, binds);
        binds.put("limit", 21);
        return plan(sql, binds);
    }

    private String plan(String sql, Map<String, Object> binds) {
        return BulkInsights.explain(database, sql, binds);
    }
}
