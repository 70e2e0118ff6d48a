package io.zerone.insights.render.rendering;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicBaseUrl where visitors reach the site; canonical, OpenGraph and JSON-LD URLs start with it
 *                      (env {@code INSIGHTS_PUBLIC_BASE_URL} or {@code INSIGHTS_RENDER_SITE_PUBLICBASEURL})
 */
@ConfigurationProperties("insights.render.site")
record RenderingProperties(@DefaultValue("http://localhost:8080") URI publicBaseUrl) {
}
