package io.zerone.insights.render.rendering;

import java.net.URI;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Everything an editor writes passes through jsoup's allow-list {@link Cleaner}: only the listed elements,
 * attributes and URL protocols survive, so scripts, event handlers, {@code javascript:} and {@code data:} URLs,
 * iframes, forms and SVG are dropped however they are spelled. See docs/adr/0005-html-sanitizer.md.
 */
final class HtmlSanitizer {

    private static final String EXTERNAL_REL = "noopener noreferrer";

    /** Parsed once: parsing the query on every call cost as much as running it. */
    private static final Evaluator LINKS = QueryParser.parse("a[href]");

    private final Safelist safelist = Safelist.relaxed()
            // relaxed() lacks them: Markdown's thematic break (---) is an <hr>, and an editor marks keys and
            // corrections in raw HTML; none of them carries an attribute
            .addTags("hr", "kbd", "del", "ins", "s", "mark")
            .removeProtocols("a", "href", "ftp")
            .addAttributes("h2", "id").addAttributes("h3", "id").addAttributes("h4", "id")
            .addAttributes("h5", "id").addAttributes("h6", "id")
            .addAttributes("code", "class")
            .addAttributes("th", "align").addAttributes("td", "align")
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
        for (Element link : clean.select(LINKS)) {
            if (isExternal(link.absUrl("href"))) {
                link.attr("rel", EXTERNAL_REL);
            }
        }
        clean.outputSettings().prettyPrint(false);
        return clean.body();
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
