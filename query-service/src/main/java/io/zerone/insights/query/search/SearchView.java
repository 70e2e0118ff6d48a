package io.zerone.insights.query.search;

import java.util.List;
import java.util.Locale;

/**
 * What the search page shows; {@code query} is null before the visitor searched. Public for the template.
 *
 * @param matches how many insights match (in the selected category, if any), e.g. "37" or "1,000+"; with
 *        {@code suggestion} set, how many match the suggestion
 * @param more whether more insights match than {@code results} shows: search has no further pages, so the page says
 *        it shows the best of them
 * @param suggestion the query with its misspellings corrected, whose results are shown, or null
 * @param filter the category searched in, or null for all of them
 */
public record SearchView(String query, Suggestion suggestion, Filter filter, String matches, boolean more,
        List<Result> results, List<Facet> facets) {

    /** The form before a search, within {@code category} when not null. */
    static SearchView empty(String category) {
        Filter filter = category == null ? null : new Filter(category, null, "/insights/search");
        return new SearchView(null, null, filter, null, false, List.of(), List.of());
    }

    /** A count as the page shows it: grouped digits, and a plus when it stopped at the cap. */
    static String count(long count, boolean capped) {
        return String.format(Locale.ENGLISH, "%,d", count) + (capped ? "+" : "");
    }

    /** The line above the results, e.g. 2 insights match “cache”, or 2 insights in Debugging match “cache”. */
    public String summary() {
        if (suggestion != null) {
            return "No insight matches “" + query + "”; " + matching(suggestion.query()) + ".";
        }
        String matching = matching(query);
        return Character.toUpperCase(matching.charAt(0)) + matching.substring(1) + ".";
    }

    private String matching(String words) {
        String quoted = "“" + words + "”";
        String in = filter == null ? "" : " in " + filter.category();
        if (results.isEmpty()) {
            // the filter, not the words, may be what found nothing: say where the matches are
            String elsewhere = filter == null || "0".equals(filter.everywhere()) ? ""
                    : "; " + filter.everywhere() + ("1".equals(filter.everywhere()) ? " does" : " do")
                            + " in all categories";
            return "no insight" + in + " matches " + quoted + elsewhere;
        }
        if (more) {
            return "showing the best " + results.size() + " of " + matches + " insights" + in + " that match " + quoted;
        }
        return matches + ("1".equals(matches) ? " insight" + in + " matches " : " insights" + in + " match ") + quoted;
    }

    /**
     * A search within one category: the form keeps it, and {@code allHref} drops it.
     *
     * @param everywhere how many insights match in all categories, as {@code matches} counts
     * @param allHref the same search in all categories
     */
    public record Filter(String category, String everywhere, String allHref) {
    }

    /** "Did you mean": the corrected query and the link that searches for it. */
    public record Suggestion(String query, String href) {
    }

    /**
     * {@code titleHtml}, {@code summaryHtml} and {@code snippetHtml} are escaped, with the matches in mark;
     * {@code lang} is the insight's language, which the page (in English) marks on a result in another.
     */
    public record Result(String href, String titleHtml, String category, String date, int readingMinutes,
            String summaryHtml, String snippetHtml, String lang) {
    }

    /** {@code count} as shown: "12" or "1,000+". */
    public record Facet(String category, String count, boolean selected, String href) {
    }
}
