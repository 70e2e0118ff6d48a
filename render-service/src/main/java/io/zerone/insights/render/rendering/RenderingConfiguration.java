package io.zerone.insights.render.rendering;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RenderingProperties.class)
class RenderingConfiguration {

    @Bean
    InsightRenderer insightRenderer(RenderingProperties properties) {
        return new InsightRenderer(properties.publicBaseUrl(), Clock.systemUTC());
    }

    @Bean
    CaseRenderer caseRenderer(RenderingProperties properties) {
        return new CaseRenderer(properties.publicBaseUrl(), Clock.systemUTC());
    }
}
