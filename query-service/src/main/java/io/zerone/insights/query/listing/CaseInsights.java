package io.zerone.insights.query.listing;

import java.util.List;

import org.springframework.stereotype.Component;

import io.zerone.insights.layout.Card;
import io.zerone.insights.query.article.InsightSummary;
import io.zerone.insights.query.web.Params.InvalidParameter;
import reactor.core.publisher.Mono;

/**
 * The live insights of one case a page at a time, for the case's page and JSON: the listing's query, order, index
 * (insight_case_listing_idx) and cursors, so that a case of fifty thousand insights costs a page what a case of five
 * does.
 */
@Component
public class CaseInsights {

    private final ListingQueries insights;

    CaseInsights(ListingQueries insights) {
        this.insights = insights;
    }

    /**
     * Checks a cursor a client sent back before anything is read or cached.
     *
     * @throws InvalidParameter (named "cursor") for one this service did not give out
     */
    public static void checkCursor(String cursor) {
        ListingParams.cursor(cursor);
    }

    /** The newest {@code limit} insights of the case after {@code cursor} (null: from the newest). */
    public Mono<Page> page(String caseRef, String cursor, int limit) {
        return insights.list(new ListingFilter(null, caseRef, null, null, null), ListingParams.cursor(cursor), limit)
                .map(page -> new Page(page.items(), page.next() == null ? null : page.next().encode()));
    }

    /** {@code next} is the cursor of the following page, null on the last one. */
    public record Page(List<InsightSummary> items, String next) {

        /** The insights' cards, as the listing shows them. */
        public List<Card> cards() {
            return items.stream().map(ListingPage::card).toList();
        }
    }
}
