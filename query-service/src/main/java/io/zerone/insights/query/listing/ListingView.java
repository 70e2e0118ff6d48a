package io.zerone.insights.query.listing;

import java.util.List;

import io.zerone.insights.layout.Card;

/**
 * What the listing page shows; public for the precompiled template. {@code tag} is null unless the listing is of one
 * tag; {@code allHref} is the listing of every category (within the tag, if any); {@code heading} names the listing
 * ("Insights", a category, "Tagged postgresql") and {@code feedHref} is its Atom feed. {@code newestHref} is the
 * listing's first page, on its older pages only.
 */
public record ListingView(long cases, long insights, Integer since, String category, Tag tag,
        List<Category> categories, List<Card> cards, String olderHref, String newestHref, String allHref,
        String heading, String feedHref, String feedTitle) {

    /** The tag the listing shows, how many live insights carry it, and the link that drops it. */
    public record Tag(String name, long count, String removeHref) {
    }

    public record Category(String name, long count, boolean selected, String href) {
    }
}
