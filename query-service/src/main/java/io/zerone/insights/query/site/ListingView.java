package io.zerone.insights.query.site;

import java.util.List;

import io.zerone.insights.layout.Card;

/** What the listing page shows; public for the precompiled template. */
public record ListingView(long cases, long insights, Integer since, String category, List<Category> categories,
        List<Card> cards, String olderHref) {

    public record Category(String name, long count, boolean selected, String href) {
    }
}
