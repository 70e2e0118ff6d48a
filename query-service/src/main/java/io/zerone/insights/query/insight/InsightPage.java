package io.zerone.insights.query.insight;

import java.util.List;

/** One page of the listing, newest first; {@code next} is null on the last page. */
public record InsightPage(List<InsightSummary> items, Cursor next) {
}
