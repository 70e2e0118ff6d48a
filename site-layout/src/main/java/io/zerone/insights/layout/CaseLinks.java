package io.zerone.insights.layout;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "From Case 06" on cards and article pages: a link to the case page while that case is published, plain text
 * otherwise. render-service writes the plain form ({@code meta.jte}), which knows nothing of cases; whoever stores or
 * serves a page resolves it against the cases published at that moment, and can resolve a resolved page again, since
 * both forms are recognised (docs/adr/0024-cases-and-case-links.md). Only references of a case number's shape (two
 * digits) can ever link.
 */
public final class CaseLinks {

    /** The list of cases; a case's page is below it, {@code /cases/06}. */
    public static final String CASES_PATH = "/cases";

    /** The plain form as meta.jte writes it, and the linked form as {@link #resolve} writes it. */
    private static final Pattern REFERENCE = Pattern.compile(
            "<(?:span class=\"case\"|a class=\"case\" href=\"/cases/[0-9]{2}\" title=\"[^\"]*\")>From Case ([0-9]{2})</(?:span|a)>");

    private CaseLinks() {
    }

    /** The page of a case, {@code /cases/06}. */
    public static String path(String number) {
        return CASES_PATH + "/" + number;
    }

    /**
     * The page with every case reference in the form the published cases call for.
     *
     * @param published the title of every published case by number; a reference to any other stays plain text
     */
    public static String resolve(String html, Map<String, String> published) {
        if (html == null || !html.contains("class=\"case\"")) {
            return html;
        }
        Matcher reference = REFERENCE.matcher(html);
        StringBuilder resolved = new StringBuilder(html.length() + 128);
        while (reference.find()) {
            String number = reference.group(1);
            String title = published.get(number);
            String replacement = title == null
                    ? "<span class=\"case\">From Case " + number + "</span>"
                    : "<a class=\"case\" href=\"" + path(number) + "\" title=\"Case " + number + ": "
                            + attribute(title) + "\">From Case " + number + "</a>";
            reference.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        return reference.appendTail(resolved).toString();
    }

    /** The case numbers the page refers to, in order. */
    public static Set<String> references(String html) {
        Set<String> numbers = new TreeSet<>();
        if (html != null && html.contains("class=\"case\"")) {
            Matcher reference = REFERENCE.matcher(html);
            while (reference.find()) {
                numbers.add(reference.group(1));
            }
        }
        return numbers;
    }

    private static String attribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
