package io.zerone.insights.query.listing;

/**
 * The counter of the listing: live insights, published cases (kept by the case projector), the year of the oldest
 * (null if none).
 */
record Stats(long insights, long cases, Integer since) {
}
