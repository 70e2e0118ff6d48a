package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What search indexes: {@code bodyText} is plain text, with no Markdown syntax or HTML left in it. */
public record SearchDocument(
        String title, String summary, String bodyText, List<String> tags, String category, String language) {

    public SearchDocument {
        requireNonNull(title, "title");
        requireNonNull(summary, "summary");
        requireNonNull(bodyText, "bodyText");
        requireNonNull(category, "category");
        requireNonNull(language, "language");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
