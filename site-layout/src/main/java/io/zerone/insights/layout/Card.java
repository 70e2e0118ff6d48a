package io.zerone.insights.layout;

import static java.util.Objects.requireNonNull;

/** A listing card: the meta line, the title, the summary and a "Read insight" link to {@code href}. */
public record Card(String href, String title, String summary, InsightMeta meta) {

    public Card {
        requireNonNull(href, "href");
        requireNonNull(title, "title");
        requireNonNull(summary, "summary");
        requireNonNull(meta, "meta");
    }
}
