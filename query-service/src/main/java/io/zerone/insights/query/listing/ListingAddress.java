package io.zerone.insights.query.listing;

import java.nio.charset.StandardCharsets;

import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import io.zerone.insights.query.web.SitePaths;

/**
 * Where a listing lives, which makes every link of its pages: one category or one tag has a clean path of its own
 * ({@code /insights/categories/{slug}}, {@code /insights/tags/{tag}}) with its own feed; the whole listing and a tag
 * within a category stay under {@code /insights} with query parameters. {@code categorySlug} is the address part of
 * the category's page, as {@link CategorySlugs} gave it out.
 */
record ListingAddress(String category, String tag, String categorySlug) {

    static final ListingAddress ALL = new ListingAddress(null, null, null);

    /** The listing of a category, a tag or both, its category's page where the live categories have it. */
    static ListingAddress of(String category, String tag, CategorySlugs slugs) {
        return new ListingAddress(category, tag, category == null ? null : slugs.slug(category));
    }

    /** The listing of one tag. */
    static ListingAddress tagged(String tag) {
        return new ListingAddress(null, tag, null);
    }

    /** Whether a tag can have a page of its own. */
    static boolean isTag(String tag) {
        return SitePaths.hasTagPage(tag);
    }

    /** Whether this listing has a clean path, its own canonical URL and its own feed. */
    boolean clean() {
        return (category == null) != (tag == null) && (tag == null || isTag(tag));
    }

    /** The first page; the listing's canonical URL. */
    String path() {
        return href(null);
    }

    /**
     * The page after {@code cursor}; the first page when it is null. Each value is encoded whole, '+' included: the
     * builder's own encoding leaves a '+' as it is (legal in a query), and the server reads it back as a space.
     */
    String href(String cursor) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(UriUtils.encodePath(cleanPath(), StandardCharsets.UTF_8));
        if (!clean()) {
            if (category != null) {
                uri.queryParam("category", UriUtils.encode(category, StandardCharsets.UTF_8));
            }
            if (tag != null) {
                uri.queryParam("tag", UriUtils.encode(tag, StandardCharsets.UTF_8));
            }
        }
        if (cursor != null) {
            uri.queryParam("cursor", UriUtils.encode(cursor, StandardCharsets.UTF_8));
        }
        return uri.build(true).toUriString();
    }

    /** The Atom feed of this listing, encoded as {@link #href} is: its own for a clean address, the whole listing's otherwise. */
    String feed() {
        return clean() ? UriUtils.encodePath(cleanPath() + "/feed.xml", StandardCharsets.UTF_8) : "/insights/feed.xml";
    }

    /** What the feed of {@link #feed()} holds: this listing, or every insight. */
    String feedTitle() {
        return clean() || equals(ALL) ? title() : ALL.title();
    }

    private String cleanPath() {
        if (!clean()) {
            return "/insights";
        }
        // unencoded: href() encodes what a category's address part needs
        return category != null ? "/insights/categories/" + categorySlug : SitePaths.tag(tag);
    }

    /** What the page and its feed are called. */
    String title() {
        if (category != null && tag != null) {
            return category + " · tagged " + tag;
        }
        return category != null ? category : tag != null ? "Tagged " + tag : "Insights";
    }

    ListingFilter filter() {
        return new ListingFilter(category, null, tag, null, null);
    }
}
