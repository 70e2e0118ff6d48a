package io.zerone.insights.query;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;

/**
 * The whole service on a random port against a real broker and a real PostgreSQL, configured from
 * query-service.properties as in production. Every test class uses exactly this, so they share one context (one
 * projector in the consumer group).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = {QueryServiceApplication.class, TestPipeline.class, QueryCounter.class}, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + QueryServiceApplication.CONFIG_NAME,
                "insights.pipeline.retry.dead-letter-after=1s"})
@ValidatedAgainst(QueryApi.DESCRIPTION)
@AutoConfigureWebTestClient
@WithKafka
@WithPostgres
public @interface QueryServiceIntegrationTest {
}
