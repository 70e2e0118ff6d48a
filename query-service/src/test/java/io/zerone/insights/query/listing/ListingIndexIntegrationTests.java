package io.zerone.insights.query.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import io.zerone.insights.query.BulkInsights;
import io.zerone.insights.query.QueryServiceIntegrationTest;

/**
 * The seed's expression-index lesson as a test: at a few thousand rows, the plans of the queries the service really
 * runs name the indexes made for them, for every filter of the listings and every combination, and none sorts. A
 * change to a query's ORDER BY or predicate that the index no longer matches fails here, not in production.
 */
@QueryServiceIntegrationTest
// the tests only read: the rows are written once for all of them, which takes tens of seconds
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingIndexIntegrationTests {

    static final int ROWS = 5000;
    private static final Instant FROM = Instant.parse("2020-02-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2020-05-01T00:00:00Z");

    @Autowired
    DatabaseClient database;

    @BeforeAll
    void givenAFewThousandInsights() {
        BulkInsights.insert(database, ROWS);
    }

    @AfterAll
    void removeThem() {
        BulkInsights.delete(database);
    }

    @Test
    void listingPagesWalkTheListingIndex() {
        Cursor after = new Cursor(Instant.parse("2020-03-01T00:00:00Z"), "bulk-1416");

        assertThat(planOfListing(ListingFilter.NONE, null)).contains("insight_listing_idx").doesNotContain("Sort");
        assertThat(planOfListing(ListingFilter.NONE, after)).contains("insight_listing_idx").doesNotContain("Sort");
        // the sitemap's newest insights, in the same order: its 50,000 of 1,000,000 are the same share as these
        assertThat(plan(ListingQueries.NEWEST_SQL, Map.of("limit", ROWS / 20))).contains("insight_listing_idx")
                .doesNotContain("Sort");
    }

    @Test
    void categoryListingUsesTheCategoryIndex() {
        ListingFilter category = new ListingFilter("Category 7", null, null, null, null);

        assertThat(planOfListing(category, null)).contains("insight_category_listing_idx").doesNotContain("Sort");
    }

    @Test
    void everyFilterAndCombinationIsServedByItsIndex() {
        for (String category : new String[] {null, "Category 7"}) {
            for (String caseRef : new String[] {null, "07"}) {
                for (String tag : new String[] {null, "tag7"}) {
                    for (boolean dated : new boolean[] {false, true}) {
                        ListingFilter filter = new ListingFilter(category, caseRef, tag, dated ? FROM : null,
                                dated ? TO : null);
                        String expected = caseRef != null ? "insight_case_listing_idx"
                                : tag != null && category != null ? "insight_tag_category_listing_idx"
                                : tag != null ? "insight_tag_listing_idx"
                                : category != null ? "insight_category_listing_idx"
                                : "insight_listing_idx";
                        Cursor after = new Cursor(Instant.parse("2020-04-01T00:00:00Z"), "bulk-2184");


                        for (String plan : new String[] {planOfListing(filter, null), planOfListing(filter, after)}) {
                            assertThat(plan).as(filter.toString()).contains(expected);
                            // a case has a handful of insights, and a tag within a category a few dozen here: the
                            // planner may sort that few after their index found them
                            if (caseRef == null && (category == null || tag == null)) {
                                assertThat(plan).as(filter.toString()).doesNotContain("Sort");
                            }
                        }
                    }
                }
            }
        }
    }

    private String planOfListing(ListingFilter filter, Cursor after) {
        Map<String, Object> binds = new LinkedHashMap<>();
        String sql = ListingQueries.listingSql(filter, after, binds);
        binds.put("limit", 21);
        return plan(sql, binds);
    }

    private String plan(String sql, Map<String, Object> binds) {
        return BulkInsights.explain(database, sql, binds);
    }
}
