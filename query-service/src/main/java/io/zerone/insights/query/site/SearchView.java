package io.zerone.insights.query.site;

import java.util.List;

/** What the search page shows; {@code query} is null before the visitor searched. Public for the template. */
public record SearchView(String query, boolean fuzzy, List<Result> results, List<Facet> facets) {

    /** The line above the results, e.g. 2 insights match “cache” (spelling-tolerant matches). */
    public String summary() {
        String quoted = "“" + query + "”";
        if (results.isEmpty()) {
            return "No insight matches " + quoted + ".";
        }
        return results.size() + (results.size() == 1 ? " insight matches " : " insights match ") + quoted
                + (fuzzy ? " (spelling-tolerant matches)." : ".");
    }

    public record Result(String href, String title, String category, String date, int readingMinutes,
            String snippetHtml) {
    }

    public record Facet(String category, long count, boolean selected, String href) {
    }
}
