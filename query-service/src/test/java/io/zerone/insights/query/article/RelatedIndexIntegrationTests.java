package io.zerone.insights.query.article;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The related insights of a page read the newest few of its case and of each of its tags through the listing indexes,
 * whatever the size of a tag: at a few thousand rows (tags of ~170 insights, cases of 125) the plan of the statement
 * the service runs names both indexes and scans no table.
 */
@QueryServiceIntegrationTest
class RelatedIndexIntegrationTests {

    @Autowired
    DatabaseClient database;

    @BeforeEach
    void givenAFewThousandInsights() {
        BulkInsights.insert(database, 5000);
    }

    @AfterEach
    void removeThem() {
        BulkInsights.delete(database);
    }

    @Test
    void candidatesComeFromTheCaseAndTagIndexesAndNoTableIsScanned() {
        Map<String, Object> binds = new LinkedHashMap<>();
        binds.put("slug", "bulk-7");
        binds.put("caseRef", "07");
        binds.put("tags", new String[] {"tag7", "tag8"});
        binds.put("perTopic", RelatedInsights.CANDIDATES_PER_TOPIC);
        binds.put("shown", RelatedInsights.SHOWN);

        String plan = BulkInsights.explain(database, RelatedInsights.CANDIDATES, binds);

        assertThat(plan).contains("insight_case_listing_idx", "insight_tag_listing_idx").doesNotContain("Seq Scan");
    }
}
