package io.zerone.insights.query.listing;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where a listing lives, which makes every link of its pages: one category or one tag has a clean path of its own
 * ({@code /insights/categories/{slug}}, {@code /insights/tags/{tag}}) with its own feed; the whole listing and a tag
 * within a category stay under {@code /insights} with query parameters.
 */
record ListingAddress(String category, String tag) {

    static final ListingAddress ALL = new ListingAddress(null, null);

    private static final Pattern NOT_A_SLUG_CHARACTER = Pattern.compile("[^a-z0-9]+");
    private static final Pattern COMBINING_MARK = Pattern.compile("\\p{M}+");
    private static final Pattern TAG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** The address part of a category ("Data Engineering" becomes "data-engineering"); never empty. */
    static String categorySlug(String category) {
        String plain = COMBINING_MARK.matcher(Normalizer.normalize(category, Normalizer.Form.NFD)).replaceAll("");
        String slug = NOT_A_SLUG_CHARACTER.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("-")
                .replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "-" : slug;
    }

    /** Whether a tag can have a page of its own: tags are published slug-shaped. */
    static boolean isTag(String tag) {
        return tag.length() <= ListingParams.MAX_TAG_LENGTH && TAG.matcher(tag).matches();
    }

    /** Whether this listing has a clean path, its own canonical URL and its own feed. */
    boolean clean() {
        return (category == null) != (tag == null) && (tag == null || isTag(tag));
    }

    /** The first page; the listing's canonical URL. */
    String path() {
        return href(null);
    }

    /** The page after {@code cursor}; the first page when it is null. */
    String href(String cursor) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(cleanPath());
        if (!clean()) {
            if (category != null) {
                uri.queryParam("category", category);
            }
            if (tag != null) {
                uri.queryParam("tag", tag);
            }
        }
        if (cursor != null) {
            uri.queryParam("cursor", cursor);
        }
        return uri.encode().build().toUriString();
    }

    /** The Atom feed of this listing: its own for a clean address, the whole listing's otherwise. */
    String feed() {
        return clean() ? cleanPath() + "/feed.xml" : "/insights/feed.xml";
    }

    private String cleanPath() {
        if (!clean()) {
            return "/insights";
        }
        return category != null ? "/insights/categories/" + categorySlug(category) : "/insights/tags/" + tag;
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
