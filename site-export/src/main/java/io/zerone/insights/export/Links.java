package io.zerone.insights.export;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The site's own URLs that a document links to, as refs (path and query) on the site: in HTML every {@code href},
 * {@code src}, {@code srcset} and GET form action; in feeds and sitemaps every {@code href} and {@code <loc>}; in
 * stylesheets every {@code url(…)}. A link belongs to the site when it is relative or points at the site's own
 * origin or at its public base URL.
 */
final class Links {

    private static final Pattern XML_LINK = Pattern.compile("href=\"([^\"]*)\"|<loc>\\s*([^<\\s]*)\\s*</loc>");
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)");

    private final URI site;
    private final URI publicBase;

    Links(URI site, URI publicBase) {
        this.site = site;
        this.publicBase = publicBase;
    }

    Set<String> in(String document, String contentType, String ref) {
        URI base = site.resolve(ref);
        Set<String> refs = new LinkedHashSet<>();
        if (contentType.contains("html")) {
            Document html = Jsoup.parse(document);
            for (Element element : html.select("[href], [src], [srcset], form[action]")) {
                if (element.is("form") && element.attr("method").equalsIgnoreCase("post")) {
                    continue;
                }
                for (String attribute : new String[] {"href", "src", "action"}) {
                    if (element.hasAttr(attribute)) {
                        add(refs, base, element.attr(attribute));
                    }
                }
                if (element.hasAttr("srcset")) {
                    for (String candidate : element.attr("srcset").split(",")) {
                        add(refs, base, candidate.trim().split("\\s+")[0]);
                    }
                }
            }
        } else if (contentType.contains("xml")) {
            Matcher matcher = XML_LINK.matcher(document);
            while (matcher.find()) {
                add(refs, base, unescape(matcher.group(1) != null ? matcher.group(1) : matcher.group(2)));
            }
        } else if (contentType.contains("css")) {
            Matcher matcher = CSS_URL.matcher(document);
            while (matcher.find()) {
                add(refs, base, matcher.group(1));
            }
        }
        return refs;
    }

    /**
     * The link {@code value} (as an HTML or XML attribute spells it) as the export serves it: unchanged unless it is
     * one of the site's URLs with a query string, which becomes a path (see {@link SitePaths#exported}), or an
     * absolute link to the crawled address, which would point nowhere once the export is served elsewhere and gets
     * the public base URL instead.
     */
    String exported(String value, String ref) {
        String plain = unescape(value);
        boolean toCrawledAddress = plain.contains("://") && !origin(site).equals(origin(publicBase))
                && absolute(plain).filter(uri -> origin(uri).equals(origin(site))).isPresent();
        if (!plain.contains("?") && !toCrawledAddress) {
            return value;
        }
        return internalRef(site.resolve(ref), plain)
                .map(internal -> {
                    String path = SitePaths.exported(internal);
                    if (toCrawledAddress) {
                        return publicBase.getScheme() + "://" + publicBase.getRawAuthority() + path;
                    }
                    URI link = URI.create(plain.replace(" ", "%20"));
                    return link.isAbsolute() ? link.getScheme() + "://" + link.getRawAuthority() + path : path;
                })
                .orElse(value);
    }

    /** The path and query of {@code link} on the site, if it is one of the site's URLs. */
    Optional<String> internalRef(URI base, String link) {
        if (link.isBlank() || link.startsWith("#") || link.startsWith("mailto:") || link.startsWith("data:")) {
            return Optional.empty();
        }
        URI resolved;
        try {
            resolved = base.resolve(link.trim().replace(" ", "%20"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String origin = origin(resolved);
        if (!origin.equals(origin(site)) && !origin.equals(origin(publicBase))) {
            return Optional.empty();
        }
        String path = resolved.getRawPath() == null || resolved.getRawPath().isEmpty() ? "/" : resolved.getRawPath();
        return Optional.of(resolved.getRawQuery() == null ? path : path + "?" + resolved.getRawQuery());
    }

    private static Optional<URI> absolute(String link) {
        try {
            URI uri = URI.create(link.trim().replace(" ", "%20"));
            return uri.isAbsolute() && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void add(Set<String> refs, URI base, String link) {
        internalRef(base, link).ifPresent(refs::add);
    }

    static String origin(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return (uri.getScheme() + "://" + uri.getHost()).toLowerCase() + ":" + port;
    }

    private static String unescape(String value) {
        return value.replace("&amp;", "&");
    }
}
