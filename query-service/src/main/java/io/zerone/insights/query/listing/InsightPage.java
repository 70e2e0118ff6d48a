package io.zerone.insights.query.listing;

import java.util.List;

import io.zerone.insights.query.article.InsightSummary;

/** One page of the listing, newest first; {@code next} is null on the last page. */
record InsightPage(List<InsightSummary> items, Cursor next) {
}
