package io.zerone.insights.query.listing;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.zerone.insights.query.article.InsightSummary;
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.cases.PublishedCases;
import io.zerone.insights.layout.CaseLinks;
import io.zerone.insights.layout.Language;
import io.zerone.insights.query.web.CachedBody;
import io.zerone.insights.query.web.Pages;
import io.zerone.insights.query.web.Responses;
import io.zerone.insights.query.web.SiteSettings;
import reactor.core.publisher.Mono;

/**
 * The Atom feeds of the latest 20 insights (of the whole listing, of one category, of one tag) and the sitemap, written
 * with the JDK's XML writer (escaping included).
 */
@Controller
class FeedAndSitemap {

    static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");
    static final MediaType XML = MediaType.parseMediaType("application/xml;charset=UTF-8");
    static final int SITEMAP_LIMIT = 50_000;
    static final int FEED_SIZE = 20;

    private final ListingQueries insights;
    private final InsightCounts counts;
    private final ResponseCache cache;
    private final Responses responses;
    private final Pages pages;
    private final SiteSettings site;
    private final PublishedCases cases;

    FeedAndSitemap(ListingQueries insights, InsightCounts counts, ResponseCache cache, Responses responses,
            Pages pages, SiteSettings site, PublishedCases cases) {
        this.insights = insights;
        this.counts = counts;
        this.cache = cache;
        this.responses = responses;
        this.pages = pages;
        this.site = site;
        this.cases = cases;
    }

    @GetMapping("/insights/feed.xml")
    Mono<ResponseEntity<byte[]>> feed(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("site:feed"), () -> atom(ListingAddress.ALL))
                .map(body -> responses.send(request, body));
    }

    @GetMapping("/insights/tags/{tag}/feed.xml")
    Mono<ResponseEntity<byte[]>> tagFeed(@PathVariable String tag, ServerHttpRequest request) {
        if (!ListingAddress.isTag(tag)) {
            return Mono.just(notFound());
        }
        return cache.get(CacheKey.manyInsights("site:feed:tag", tag), () -> counts.tag(tag)
                        .filter(count -> count > 0)
                        .flatMap(count -> atom(ListingAddress.tagged(tag))))
                .map(body -> responses.send(request, body))
                .switchIfEmpty(Mono.fromSupplier(this::notFound));
    }

    @GetMapping("/insights/categories/{slug}/feed.xml")
    Mono<ResponseEntity<byte[]>> categoryFeed(@PathVariable String slug, ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("site:feed:category", slug), () -> counts.categories()
                        .flatMap(categories -> Mono.justOrEmpty(CategorySlugs.of(categories).name(slug)))
                        .flatMap(category -> atom(new ListingAddress(category, null, slug))))
                .map(body -> responses.send(request, body))
                .switchIfEmpty(Mono.fromSupplier(this::notFound));
    }

    /**
     * Every live insight, then every category and tag page, at most {@value #SITEMAP_LIMIT} addresses (the limit of
     * one sitemap file): the pages of categories and tags come from the kept counters, the insights from the listing
     * index.
     */
    @GetMapping("/sitemap.xml")
    Mono<ResponseEntity<byte[]>> sitemap(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("site:sitemap"), () -> Mono.zip(counts.categories(), counts.tags(),
                                cases.pages())
                        .flatMap(facets -> {
                            Set<String> pages = new LinkedHashSet<>();
                            CategorySlugs slugs = CategorySlugs.of(facets.getT1());
                            facets.getT1().forEach(c -> pages.add(ListingAddress.of(c.name(), null, slugs).path()));
                            facets.getT2().stream().filter(t -> ListingAddress.isTag(t.name()))
                                    .forEach(t -> pages.add(ListingAddress.tagged(t.name()).path()));
                            Map<String, Instant> casePages = facets.getT3();
                            // the listing and the case listing, then the pages of categories, tags and cases
                            int fixed = 2 + casePages.size();
                            List<String> listings = List.copyOf(pages);
                            int room = Math.max(0, SITEMAP_LIMIT - fixed - listings.size());
                            List<String> kept = listings.subList(0,
                                    Math.max(0, Math.min(listings.size(), SITEMAP_LIMIT - fixed)));
                            return (room == 0 ? Mono.just(List.<ListingQueries.Revised>of()) : insights.newest(room))
                                    .map(newest -> CachedBody.hashed(sitemap(newest, kept, casePages), XML));
                        }))
                .map(body -> responses.send(request, body));
    }

    /**
     * Where crawlers find the sitemap; the JSON API and the drafts' previews (noindex, and secret) are not for them.
     * Static: the base URL is configuration.
     */
    @GetMapping(value = "/robots.txt", produces = "text/plain;charset=UTF-8")
    ResponseEntity<String> robots() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic())
                .body("User-agent: *\nDisallow: /api/\nDisallow: /preview/\nSitemap: "
                        + site.baseUrl().resolve("/sitemap.xml") + "\n");
    }

    private ResponseEntity<byte[]> notFound() {
        return pages.errorResponse(HttpStatus.NOT_FOUND, "There is no feed at this address.");
    }

    /**
     * The feed's {@code <updated>} is when it last changed (RFC 4287): the newest revision among its entries, or the
     * last time an insight left it, whichever is later, so that an unpublish moves it forward, not back to the
     * newest revision left.
     */
    private Mono<CachedBody> atom(ListingAddress address) {
        return Mono.zip(insights.list(address.filter(), null, FEED_SIZE),
                        counts.leftAt(address).defaultIfEmpty(Instant.EPOCH))
                .map(feed -> CachedBody.hashed(atom(address, feed.getT1().items(), feed.getT2()), ATOM));
    }

    private byte[] atom(ListingAddress address, List<InsightSummary> items, Instant left) {
        String listing = site.baseUrl().resolve(address.path()).toString();
        return xml(xml -> {
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace("http://www.w3.org/2005/Atom");
            // the feed's own text is English; an entry in another language says which (RFC 4287's xml:lang)
            xml.writeAttribute("xml", XMLConstants.XML_NS_URI, "lang", "en");
            element(xml, "title", address.equals(ListingAddress.ALL) ? "ZERONE Insights"
                    : "ZERONE Insights · " + address.title());
            element(xml, "subtitle", "Lessons from production.");
            element(xml, "id", listing);
            element(xml, "updated", items.stream().map(InsightSummary::revisedAt)
                    .max(Comparator.naturalOrder()).filter(revised -> revised.isAfter(left)).orElse(left).toString());
            link(xml, "self", site.baseUrl().resolve(address.feed()).toString());
            link(xml, "alternate", listing);
            xml.writeStartElement("author");
            element(xml, "name", "ZERONE");
            xml.writeEndElement();
            for (InsightSummary insight : items) {
                xml.writeStartElement("entry");
                if (!Language.of(insight.language()).english()) {
                    xml.writeAttribute("xml", XMLConstants.XML_NS_URI, "lang", insight.language());
                }
                element(xml, "id", site.insightUrl(insight.slug()));
                element(xml, "title", insight.title());
                link(xml, "alternate", site.insightUrl(insight.slug()));
                element(xml, "published", insight.publishedAt().toString());
                element(xml, "updated", insight.revisedAt().toString());
                element(xml, "summary", insight.summary());
                xml.writeEmptyElement("category");
                xml.writeAttribute("term", insight.category());
                xml.writeEndElement();
            }
            xml.writeEndElement();
        });
    }

    private byte[] sitemap(List<ListingQueries.Revised> items, List<String> listings, Map<String, Instant> casePages) {
        return xml(xml -> {
            xml.writeStartElement("urlset");
            xml.writeDefaultNamespace("http://www.sitemaps.org/schemas/sitemap/0.9");
            xml.writeStartElement("url");
            element(xml, "loc", site.baseUrl().resolve("/insights").toString());
            xml.writeEndElement();
            for (String listing : listings) {
                xml.writeStartElement("url");
                element(xml, "loc", site.baseUrl().resolve(listing).toString());
                xml.writeEndElement();
            }
            for (ListingQueries.Revised insight : items) {
                xml.writeStartElement("url");
                element(xml, "loc", site.insightUrl(insight.slug()));
                element(xml, "lastmod", insight.revisedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
                xml.writeEndElement();
            }
            xml.writeStartElement("url");
            element(xml, "loc", site.baseUrl().resolve(CaseLinks.CASES_PATH).toString());
            xml.writeEndElement();
            for (Map.Entry<String, Instant> page : casePages.entrySet()) {
                xml.writeStartElement("url");
                element(xml, "loc", site.baseUrl().resolve(page.getKey()).toString());
                element(xml, "lastmod", page.getValue().atOffset(ZoneOffset.UTC).toLocalDate().toString());
                xml.writeEndElement();
            }
            xml.writeEndElement();
        });
    }

    private interface XmlBody {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    private static byte[] xml(XmlBody body) {
        var bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            body.write(xml);
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write XML", e);
        }
        return bytes.toByteArray();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String href) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("href", href);
    }
}
