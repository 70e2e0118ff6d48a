package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.apache.kafka.clients.admin.NewTopic;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.InsightUnpublished;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.RenderServiceApplication;
import io.zerone.insights.render.SeedEvents;
import io.zerone.insights.render.rendering.RenderFailedException;
import io.zerone.insights.testsupport.WithKafka;

/**
 * The service against a real broker. Every test uses slugs of its own, so the tests share one application context
 * and one broker without seeing each other's outputs.
 */
@SpringBootTest(classes = RenderServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + RenderServiceApplication.CONFIG_NAME, "insights.render.pipeline.partitions=3"})
@WithKafka
@Import(RenderServiceIntegrationTests.InputTopic.class)
class RenderServiceIntegrationTests {

    /** ingest-service owns insight-events; here the test creates it, with fewer partitions than the DLT would need. */
    @TestConfiguration(proxyBeanMethods = false)
    static class InputTopic {

        @Bean
        NewTopic insightEvents() {
            return TopicBuilder.name(Topics.INSIGHT_EVENTS).partitions(3).configs(Topics.COMPACTED).build();
        }
    }

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Value("${local.server.port}")
    int port;

    @Autowired
    Environment environment;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    KafkaAdmin admin;

    private final CloudEventCodec codec = new CloudEventCodec();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void startProducer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stopProducer() {
        producer.close();
    }

    @Test
    void runsWithItsOwnConfigurationFile() {
        assertThat(environment.getProperty("spring.application.name")).isEqualTo("render-service");
        assertThat(environment.getProperty("spring.kafka.producer.transaction-id-prefix")).startsWith("render-service-");
        assertThat(environment.getProperty("spring.kafka.consumer.isolation-level")).isEqualTo("read-committed");
    }

    @Test
    void servesHealthProbesAndPrometheusMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> readiness = http.send(get("/actuator/health/readiness"), BodyHandlers.ofString());
        HttpResponse<String> liveness = http.send(get("/actuator/health/liveness"), BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(get("/actuator/prometheus"), BodyHandlers.ofString());

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("UP");
        assertThat(metrics.body()).contains("application=\"render-service\"");
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
    }

    @Test
    void nineSeedInsightsGiveNineRenderedInsights() throws Exception {
        List<InsightPublished> seeds = SeedEvents.load("-" + run);

        for (InsightPublished seed : seeds) {
            send(codec.toRecord(Topics.INSIGHT_EVENTS, seed));
        }

        Set<String> slugs = seeds.stream().map(InsightPublished::slug).collect(Collectors.toSet());
        List<InsightRendered> rendered = awaitRendered(InsightRendered.class, r -> slugs.contains(r.slug()), 9);
        assertThat(rendered).extracting(InsightRendered::slug).containsExactlyInAnyOrderElementsOf(slugs);
        assertThat(rendered).allSatisfy(r -> {
            assertThat(r.pageHtml()).startsWith("<!DOCTYPE html>").contains("<h1>");
            assertThat(r.cardHtml()).contains("/insights/" + r.slug());
            assertThat(r.contentHash()).startsWith("sha256-");
        });
    }

    @Test
    void poisonRecordsAndRenderFailuresGoToTheDeadLetterTopicAndTheNextRecordIsStillRendered() throws Exception {
        InsightPublished good = SeedEvents.load("-after-poison-" + run).get(1);
        ProducerRecord<String, byte[]> template = codec.toRecord(Topics.INSIGHT_EVENTS, good);
        String badJson = "bad-json-" + run;
        String unknownType = "unknown-type-" + run;

        // all on partition 0, ahead of the good record: the partition must keep flowing past them
        send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, badJson, "{\"slug\": ".getBytes(StandardCharsets.UTF_8),
                template.headers()));
        ProducerRecord<String, byte[]> v9 = new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, unknownType, template.value());
        template.headers().forEach(header -> v9.headers().add(header));
        v9.headers().remove(CloudEventCodec.TYPE).add(CloudEventCodec.TYPE, "insight.published.v9".getBytes(StandardCharsets.UTF_8));
        send(v9);
        InsightPublished unrenderable = new InsightPublished(UUID.randomUUID(), good.occurredAt(), "test",
                "Not/A/Path-" + run, good.title(), good.summary(), good.category(), good.publishedAt(), 3, null, null,
                "en", good.body());
        ProducerRecord<String, byte[]> unsafeSlug = codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) unrenderable);
        send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, unsafeSlug.key(), unsafeSlug.value(), unsafeSlug.headers()));
        send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, good.slug(), template.value(), template.headers()));

        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.INSIGHT_EVENTS_DLT)) {
            List<ConsumerRecord<String, byte[]>> dead = await().atMost(PATIENCE).until(
                    () -> deadLetters.poll().stream().filter(r -> r.key().endsWith(run)).toList(), list -> list.size() == 3);
            assertThat(dead).extracting(ConsumerRecord::key).containsExactly(badJson, unknownType, unrenderable.slug());
            for (ConsumerRecord<String, byte[]> record : dead) {
                assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(Topics.INSIGHT_EVENTS);
                assertThat(header(record, "kafka_dlt-original-consumer-group")).isEqualTo(InsightEventsListener.GROUP);
                assertThat(header(record, CloudEventCodec.TYPE)).startsWith("insight.published.");
            }
            // the container wraps what the listener threw; the cause is the reason
            assertThat(dead).extracting(record -> header(record, "kafka_dlt-exception-cause-fqcn")).containsExactly(
                    MalformedEventException.class.getName(), MalformedEventException.class.getName(),
                    RenderFailedException.class.getName());
            assertThat(header(dead.get(0), "kafka_dlt-exception-message")).contains("invalid insight.published.v1 JSON");
            assertThat(header(dead.get(1), "kafka_dlt-exception-message")).contains("unknown event type: insight.published.v9");
            assertThat(header(dead.get(2), "kafka_dlt-exception-message")).contains("slug is not a safe path segment");
        }
        assertThat(awaitRendered(InsightRendered.class, r -> r.slug().equals(good.slug()), 1)).hasSize(1);
    }

    @Test
    void insightWhoseRenderingExceedsAMebibyteIsStillRendered() throws Exception {
        InsightPublished seed = SeedEvents.load("-long-" + run).get(5);
        String body = (seed.body() + "\n\n").repeat(700 * 1024 / seed.body().length());
        InsightPublished longOne = new InsightPublished(seed.eventId(), seed.occurredAt(), seed.source(), seed.slug(),
                seed.title(), seed.summary(), seed.category(), seed.publishedAt(), 60, seed.caseRef(), seed.tags(),
                seed.language(), body);

        send(codec.toRecord(Topics.INSIGHT_EVENTS, longOne));

        InsightRendered rendered = awaitRendered(InsightRendered.class, r -> r.slug().equals(longOne.slug()), 1).get(0);
        assertThat(rendered.pageHtml().length() + rendered.searchDocument().bodyText().length()).isGreaterThan(1024 * 1024);
    }

    @Test
    void unpublishGivesInsightRemovedAfterTheRenderedRevision() throws Exception {
        InsightPublished published = SeedEvents.load("-unpublished-" + run).get(2);
        InsightUnpublished unpublished =
                new InsightUnpublished(UUID.randomUUID(), Instant.now(), "test", published.slug(), "retracted");

        send(codec.toRecord(Topics.INSIGHT_EVENTS, published));
        send(codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) unpublished));

        InsightRemoved removed = awaitRendered(InsightRemoved.class, r -> r.slug().equals(published.slug()), 1).get(0);
        InsightRendered rendered = awaitRendered(InsightRendered.class, r -> r.slug().equals(published.slug()), 1).get(0);
        assertThat(removed.sourceEventId()).isEqualTo(unpublished.eventId());
        assertThat(removed.reason()).isEqualTo("retracted");
        assertThat(removed.revision().isNewerThan(rendered.revision())).isTrue();
    }

    @Test
    void replayOfTheInputTopicGivesTheSameOutputs() throws Exception {
        List<InsightPublished> insights = SeedEvents.load("-replayed-" + run).subList(3, 5);
        InsightUnpublished unpublished =
                new InsightUnpublished(UUID.randomUUID(), Instant.now(), "test", insights.get(0).slug(), null);
        for (InsightPublished insight : insights) {
            send(codec.toRecord(Topics.INSIGHT_EVENTS, insight));
        }
        send(codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) unpublished));
        Predicate<ConsumerRecord<String, byte[]>> ours = record -> record.key().endsWith("-replayed-" + run);
        List<ConsumerRecord<String, byte[]>> firstPass = awaitOutputs(ours, 3);

        ConsumerGroupReplay.fromTheBeginning(admin, listeners.getListenerContainer(InsightEventsListener.ID),
                InsightEventsListener.GROUP, Topics.INSIGHT_EVENTS);

        List<ConsumerRecord<String, byte[]>> bothPasses = awaitOutputs(ours, 6);
        for (ConsumerRecord<String, byte[]> first : firstPass) {
            Object original = decode(first);
            List<Object> copies = bothPasses.stream().map(this::decode).filter(same(original)).toList();
            assertThat(copies).as("copies of %s", original).hasSize(2);
        }
    }

    /** Equal but for occurredAt, which says when the rendering ran. */
    private static Predicate<Object> same(Object original) {
        return candidate -> withoutRenderTime(candidate).equals(withoutRenderTime(original));
    }

    private static Object withoutRenderTime(Object event) {
        Instant epoch = Instant.EPOCH;
        if (event instanceof InsightRendered r) {
            return new InsightRendered(r.eventId(), epoch, r.sourceEventId(), r.revision(), r.revisedAt(), r.insight(),
                    r.pageHtml(), r.cardHtml(), r.searchDocument(), r.contentHash());
        }
        InsightRemoved r = (InsightRemoved) event;
        return new InsightRemoved(r.eventId(), epoch, r.sourceEventId(), r.revision(), r.slug(), r.reason());
    }

    private <T> List<T> awaitRendered(Class<T> type, Predicate<T> wanted, int count) {
        Predicate<ConsumerRecord<String, byte[]>> ofType = record -> type.isInstance(decode(record))
                && wanted.test(type.cast(decode(record)));
        return awaitOutputs(ofType, count).stream().map(this::decode).map(type::cast).toList();
    }

    private List<ConsumerRecord<String, byte[]>> awaitOutputs(Predicate<ConsumerRecord<String, byte[]>> wanted, int count) {
        try (TopicReader outputs = new TopicReader(bootstrapServers, Topics.INSIGHT_RENDERED)) {
            return await().atMost(PATIENCE).until(() -> outputs.poll().stream().filter(wanted).toList(),
                    list -> list.size() >= count);
        }
    }

    private Object decode(ConsumerRecord<String, byte[]> record) {
        return codec.fromRecord(record);
    }

    private void send(ProducerRecord<String, byte[]> record) throws Exception {
        producer.send(record).get();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventCodec.header(record.headers(), name);
    }
}
