package io.zerone.insights.query.listing;

import java.time.Instant;

/** Optional narrowing of the listing; null means no condition. {@code to} is exclusive. */
record ListingFilter(String category, String caseRef, String tag, Instant from, Instant to) {

    static final ListingFilter NONE = new ListingFilter(null, null, null, null, null);
}
