package io.zerone.insights.query.projection;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The body HTML the JSON API returns, cut once from the stored page: the contract carries the complete page, not
 * the body alone (docs/adr/0011). render-service marks the body's element with {@code data-insight-body}; its inner
 * HTML is found by scanning the tags after the marker, which costs a fraction of parsing the page. Pages without the
 * marker, or with markup the scan does not follow (comments, raw-text elements), are parsed with jsoup, which looks
 * for the marked element, then the body div, the article, main.
 */
final class ArticleBody {

    private static final String MARKER = "data-insight-body";
    private static final String[] CANDIDATES = {"[data-insight-body]", "article.insight > div.body", "article", "main"};

    private ArticleBody() {
    }

    static String of(String pageHtml) {
        String marked = marked(pageHtml);
        return marked != null ? marked : parsed(pageHtml);
    }

    /** The inner HTML of the marked element, or null where the scan cannot be sure of it. */
    static String marked(String page) {
        for (int marker = page.indexOf(MARKER); marker >= 0; marker = page.indexOf(MARKER, marker + 1)) {
            int open = page.lastIndexOf('<', marker);
            Tag start = open >= 0 && isTagStart(page, open + 1) ? Tag.at(page, open) : null;
            // the marker must be an attribute of a start tag, not text or an attribute's value (a title, a meta tag)
            if (start != null && !start.closing && start.end > marker && start.attributes.contains(MARKER)) {
                return innerHtml(page, start);
            }
        }
        return null;
    }

    private static String innerHtml(String page, Tag start) {
        int depth = 1;
        int at = start.end + 1;
        while (true) {
            int lt = page.indexOf('<', at);
            if (lt < 0) {
                return null;
            }
            if (page.startsWith("<!", lt) || page.startsWith("<?", lt)) {
                return null; // a comment or a declaration: leave it to the parser
            }
            Tag tag = isTagStart(page, lt + 1) || page.startsWith("</", lt) ? Tag.at(page, lt) : null;
            if (tag == null) {
                at = lt + 1;
                continue;
            }
            if (tag.isRawText()) {
                return null;
            }
            if (tag.name.equals(start.name)) {
                depth += tag.closing ? -1 : 1;
                if (depth == 0) {
                    return page.substring(start.end + 1, lt);
                }
            }
            at = tag.end + 1;
        }
    }

    private static boolean isTagStart(String page, int index) {
        return index < page.length() && Character.isLetter(page.charAt(index));
    }

    /** A start or end tag, from its '<' to its '>', with its attributes' names; quoted values may hold anything. */
    private record Tag(String name, boolean closing, int end, Set<String> attributes) {

        static Tag at(String page, int lt) {
            int index = lt + 1;
            boolean closing = page.startsWith("/", index);
            if (closing) {
                index++;
            }
            int nameEnd = nameEnd(page, index);
            if (nameEnd == index) {
                return null;
            }
            String name = page.substring(index, nameEnd).toLowerCase(Locale.ROOT);
            Set<String> attributes = new HashSet<>();
            index = nameEnd;
            while (index < page.length()) {
                char c = page.charAt(index);
                if (c == '>') {
                    return new Tag(name, closing, index, attributes);
                } else if (c == '=') {
                    index = valueEnd(page, index + 1);
                } else if (Character.isWhitespace(c) || c == '/') {
                    index++;
                } else {
                    int attributeEnd = nameEnd(page, index);
                    if (attributeEnd == index) {
                        return null; // a quote or a '<' where a name belongs: not markup the scan knows
                    }
                    attributes.add(page.substring(index, attributeEnd).toLowerCase(Locale.ROOT));
                    index = attributeEnd;
                }
            }
            return null;
        }

        private static int nameEnd(String page, int index) {
            while (index < page.length() && (Character.isLetterOrDigit(page.charAt(index))
                    || "-_:.".indexOf(page.charAt(index)) >= 0)) {
                index++;
            }
            return index;
        }

        private static int valueEnd(String page, int index) {
            while (index < page.length() && Character.isWhitespace(page.charAt(index))) {
                index++;
            }
            if (index < page.length() && (page.charAt(index) == '"' || page.charAt(index) == '\'')) {
                int close = page.indexOf(page.charAt(index), index + 1);
                return close < 0 ? page.length() : close + 1;
            }
            while (index < page.length() && !Character.isWhitespace(page.charAt(index)) && page.charAt(index) != '>') {
                index++;
            }
            return index;
        }

        boolean isRawText() {
            return switch (name) {
                case "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext" ->
                        true;
                default -> false;
            };
        }
    }

    private static String parsed(String pageHtml) {
        Document page = Jsoup.parse(pageHtml);
        // as the page holds it: render-service writes the body without pretty-printing, and so does the scan
        page.outputSettings().prettyPrint(false);
        for (String selector : CANDIDATES) {
            Element element = page.selectFirst(selector);
            if (element != null) {
                return element.html();
            }
        }
        return page.body().html();
    }
}
