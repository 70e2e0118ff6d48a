package io.zerone.insights.query.web;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param baseUrl the public address of the site, for absolute links in the API, the feed and the sitemap
 */
@ConfigurationProperties("query.site")
public record SiteSettings(@DefaultValue("http://localhost:8080") URI baseUrl) {

    public String insightUrl(String slug) {
        return baseUrl.resolve("/insights/" + slug).toString();
    }
}
