package io.zerone.insights.render.rendering;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

import io.zerone.insights.events.LanguageTags;

/**
 * Everything an editor writes passes through jsoup's allow-list {@link Cleaner}: only the listed elements,
 * attributes and URL protocols survive, so scripts, event handlers, {@code javascript:} and {@code data:} URLs,
 * iframes, forms and SVG are dropped however they are spelled. See docs/adr/0005-html-sanitizer.md.
 */
final class HtmlSanitizer {

    private static final String EXTERNAL_REL = "noopener noreferrer";

    /** The ids the site's pages give their own elements: the layout's, the case page's, the search form's. */
    /** The class commonmark gives a fenced block of a named language ({@code ```sql}). */
    private static final Pattern CODE_LANGUAGE = Pattern.compile("language-[A-Za-z0-9_+#.-]{1,40}");

    private static final Set<String> LAYOUT_IDS = Set.of("main", "case-title", "case-insights", "q");

    private final Safelist safelist = Safelist.relaxed()
            // relaxed() lacks them: Markdown's thematic break (---) is an <hr>, and an editor marks keys and
            // corrections in raw HTML; none of them carries an attribute
            .addTags("hr", "kbd", "del", "ins", "s", "mark")
            .removeProtocols("a", "href", "ftp")
            .addAttributes("h2", "id").addAttributes("h3", "id").addAttributes("h4", "id")
            .addAttributes("h5", "id").addAttributes("h6", "id")
            .addAttributes("code", "class")
            .addAttributes("th", "align").addAttributes("td", "align")
            // an author marks a part's language or direction by hand (a quotation in Arabic inside an English article,
            // a name in Hebrew); languageAndDirection() drops what is no language tag or direction
            .addTags("bdi").addAttributes(":all", "lang", "dir")
            // links within the site stay relative; they are resolved against the base URL only to check them
            .preserveRelativeLinks(true);

    private final String baseUrl;
    private final String siteHost;

    HtmlSanitizer(URI publicBaseUrl) {
        this.baseUrl = publicBaseUrl.toString();
        this.siteHost = publicBaseUrl.getHost();
    }

    /** The safe body: a detached element whose {@code html()} goes into the page and whose {@code text()} is searchable. */
    Element sanitize(String untrustedHtml) {
        Document clean = new Cleaner(safelist).clean(Jsoup.parseBodyFragment(untrustedHtml, baseUrl));
        Set<String> ids = new HashSet<>(LAYOUT_IDS);
        List<Element> dropped = new ArrayList<>();
        List<Element> unwrapped = new ArrayList<>();
        Deque<int[]> sections = new ArrayDeque<>(); // the open sections: {the author's level, the page's level}
        // one pass over the cleaned elements: each select() would walk the whole tree again
        for (Element element : clean.body().getAllElements()) {
            switch (element.normalName()) {
                case "a" -> {
                    // commonmark empties a javascript: URL; a link to the page itself is no link, and an <a> without
                    // an href, styled as a link that goes nowhere, is its text
                    if (element.attr("href").isEmpty()) {
                        unwrapped.add(element);
                    } else {
                        if (isExternal(element.absUrl("href"))) {
                            element.attr("rel", EXTERNAL_REL);
                        }
                        // [](url): a link with nothing to read is a tab stop without a name; its address is its name
                        if (element.text().isBlank() && element.select("img").stream()
                                .allMatch(image -> image.attr("alt").isBlank())) {
                            element.appendText(element.attr("href"));
                        }
                    }
                }
                // an http image on an https page is mixed content, which browsers block (the site's CSP allows https
                // images); the raw src is what counts: jsoup judges a relative one by the base URL, http in the dev
                // stack. An image without a source is its alt text.
                case "img" -> {
                    String src = element.attr("src").strip().toLowerCase(Locale.ROOT).replaceAll("[\\t\\n\\r]", "");
                    if (src.isEmpty() || src.startsWith("http:")) {
                        dropped.add(element);
                    } else if (!element.hasAttr("alt")) {
                        // raw HTML may leave it out, and a screen reader then reads the file's name: an image the
                        // author gave no text is decorative (Markdown's ![](src) says so itself)
                        element.attr("alt", "");
                    }
                }
                // the page's one h1 is the insight's title: a raw <h1> in the body (Markdown's move down a level only
                // sees Markdown headings) becomes a section heading; and each heading is one level below the section
                // the author opened it in (# then #### made h2 then h5), so the outline has no gaps and a heading
                // keeps its siblings: ## A, #### B, ##### C, #### D is h2, h3, h4, h3
                case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                    int authored = Math.max(element.normalName().charAt(1) - '0', 2);
                    while (!sections.isEmpty() && sections.peek()[0] >= authored) {
                        sections.pop();
                    }
                    int level = Math.min(sections.isEmpty() ? 2 : sections.peek()[1] + 1, 6);
                    sections.push(new int[] {authored, level});
                    element.tagName("h" + level);
                }
                // code and tables scroll sideways when wider than the column: a keyboard must reach them to scroll
                // (browsers that do not focus scrolling boxes themselves)
                case "pre", "table" -> element.attr("tabindex", "0");
                // a fenced block's language is the one class code keeps: any other could be one of the site's own
                // (skip-link, card) and move or hide the text
                case "code" -> {
                    if (element.hasAttr("class") && !CODE_LANGUAGE.matcher(element.attr("class")).matches()) {
                        element.removeAttr("class");
                    }
                }
                // a column's alignment (|--:|) as a class the site's stylesheet honours: its rule for cells would win
                // over the align attribute, which HTML5 declares obsolete besides
                case "th", "td" -> {
                    String align = element.attr("align");
                    element.removeAttr("align");
                    if (align.equals("center") || align.equals("right")) {
                        element.addClass("align-" + align);
                    }
                }
                default -> { }
            }
            storable(element);
            languageAndDirection(element);
            if (element.hasAttr("id")) {
                uniqueId(element, ids);
            }
        }
        for (Element image : dropped) {
            image.replaceWith(new TextNode(image.attr("alt")));
        }
        for (Element link : unwrapped) {
            link.unwrap();
        }
        clean.outputSettings().prettyPrint(false);
        return clean.body();
    }

    /**
     * A character reference can spell what ingest-service refuses in the text itself ({@code &#2;}, {@code &#xFFFF;}):
     * each becomes U+FFFD in the element's text and attributes. Such a character is no text, a feed's XML cannot hold
     * it, and search marks its matches with U+0002 and U+0003, so a body holding them left a snippet's marks unbalanced.
     */
    private static void storable(Element element) {
        for (TextNode text : element.textNodes()) {
            String clean = storable(text.getWholeText());
            if (clean != null) {
                text.text(clean);
            }
        }
        for (Attribute attribute : element.attributes()) {
            String clean = storable(attribute.getValue());
            if (clean != null) {
                attribute.setValue(clean);
            }
        }
    }

    /**
     * The text with each control character (but tab, line feed and carriage return), U+FFFE, U+FFFF and unpaired
     * surrogate as U+FFFD, what ingest-service refuses in text; null when it holds none.
     */
    static String storable(String text) {
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unpaired = Character.isHighSurrogate(c)
                    ? i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            boolean refused = (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')
                    || c == '\uFFFE' || c == '\uFFFF' || unpaired;
            if (refused && clean == null) {
                clean = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (clean != null) {
                clean.append(refused ? '\uFFFD' : c);
            }
        }
        return clean == null ? null : clean.toString();
    }

    /**
     * {@code lang} stays when it is a language as the contract has it ({@link LanguageTags}: {@code ar}, {@code pt-BR}),
     * in its canonical form, and {@code dir} when it is ltr, rtl or auto; anything else is dropped, since a screen reader would
     * pick a voice by it and a browser would lay the text out by it.
     */
    private static void languageAndDirection(Element element) {
        if (element.hasAttr("lang")) {
            LanguageTags.canonical(element.attr("lang").strip()).ifPresentOrElse(tag -> element.attr("lang", tag),
                    () -> element.removeAttr("lang"));
        }
        if (element.hasAttr("dir")) {
            String dir = element.attr("dir").strip().toLowerCase(Locale.ROOT);
            if (dir.equals("ltr") || dir.equals("rtl") || dir.equals("auto")) {
                element.attr("dir", dir);
            } else {
                element.removeAttr("dir");
            }
        }
    }

    /**
     * Every id on the page is unique: the anchor extension gives "## Step", "## Step", "## Step 1" the ids h-step,
     * h-step-1 and h-step-1, and raw HTML may repeat any id, the layout's ({@code main}) included. A repeated one gets
     * the next free "-n"; the first keeps its id, and with it the author's links to it.
     */
    private static void uniqueId(Element element, Set<String> taken) {
        String id = element.id();
        String unique = id;
        for (int n = 2; !taken.add(unique); n++) {
            unique = id + "-" + n;
        }
        if (!unique.equals(id)) {
            element.id(unique);
        }
    }

    private boolean isExternal(String absoluteUrl) {
        try {
            String host = URI.create(absoluteUrl).getHost();
            return host != null && !host.equalsIgnoreCase(siteHost);
        } catch (IllegalArgumentException e) {
            // jsoup accepted it, URI did not: treat it as foreign
            return true;
        }
    }
}
