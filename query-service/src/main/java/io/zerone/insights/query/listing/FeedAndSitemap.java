package io.zerone.insights.query.listing;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import io.zerone.insights.query.article.InsightSummary;
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.cases.PublishedCases;
import io.zerone.insights.layout.CaseLinks;
import io.zerone.insights.query.web.CachedBody;
import io.zerone.insights.query.web.Responses;
import io.zerone.insights.query.web.SiteSettings;
import reactor.core.publisher.Mono;

/** The Atom feed of the latest 20 insights and the sitemap, written with the JDK's XML writer (escaping included). */
@Controller
class FeedAndSitemap {

    static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");
    static final MediaType XML = MediaType.parseMediaType("application/xml;charset=UTF-8");
    static final int SITEMAP_LIMIT = 50_000;

    private final ListingQueries insights;
    private final ResponseCache cache;
    private final Responses responses;
    private final SiteSettings site;
    private final PublishedCases cases;

    FeedAndSitemap(ListingQueries insights, ResponseCache cache, Responses responses, SiteSettings site,
            PublishedCases cases) {
        this.insights = insights;
        this.cache = cache;
        this.responses = responses;
        this.site = site;
        this.cases = cases;
    }

    @GetMapping("/insights/feed.xml")
    Mono<ResponseEntity<byte[]>> feed(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("site:feed"), () -> insights.list(ListingFilter.NONE, null, 20)
                        .map(page -> CachedBody.hashed(atom(page.items()), ATOM)))
                .map(body -> responses.send(request, body));
    }

    @GetMapping("/sitemap.xml")
    Mono<ResponseEntity<byte[]>> sitemap(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("site:sitemap"), () -> Mono.zip(
                                insights.list(ListingFilter.NONE, null, SITEMAP_LIMIT), cases.pages())
                        .map(loaded -> CachedBody.hashed(sitemap(loaded.getT1().items(), loaded.getT2()), XML)))
                .map(body -> responses.send(request, body));
    }

    private byte[] atom(List<InsightSummary> items) {
        return xml(xml -> {
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace("http://www.w3.org/2005/Atom");
            element(xml, "title", "ZERONE Insights");
            element(xml, "subtitle", "Lessons from production.");
            element(xml, "id", site.baseUrl().resolve("/insights").toString());
            element(xml, "updated", items.stream().map(InsightSummary::revisedAt)
                    .max(Comparator.naturalOrder()).orElse(Instant.EPOCH).toString());
            link(xml, "self", site.baseUrl().resolve("/insights/feed.xml").toString());
            link(xml, "alternate", site.baseUrl().resolve("/insights").toString());
            xml.writeStartElement("author");
            element(xml, "name", "ZERONE");
            xml.writeEndElement();
            for (InsightSummary insight : items) {
                xml.writeStartElement("entry");
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

    private byte[] sitemap(List<InsightSummary> items, Map<String, Instant> casePages) {
        return xml(xml -> {
            xml.writeStartElement("urlset");
            xml.writeDefaultNamespace("http://www.sitemaps.org/schemas/sitemap/0.9");
            xml.writeStartElement("url");
            element(xml, "loc", site.baseUrl().resolve("/insights").toString());
            xml.writeEndElement();
            for (InsightSummary insight : items) {
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
