package io.zerone.insights.render.pipeline;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.apache.kafka.clients.admin.NewTopic;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.RenderServiceApplication;
import io.zerone.insights.render.rendering.InsightRenderer;
import io.zerone.insights.testsupport.WithKafka;

/**
 * The service against a real broker, for the *IntegrationTests of this package. They share one application context
 * (same configuration, so Spring's test context cache starts it once) and one broker; each test uses slugs of its
 * own, so no test sees another's outputs.
 */
@SpringBootTest(classes = RenderServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + RenderServiceApplication.CONFIG_NAME, "insights.render.pipeline.partitions=3"})
@WithKafka
@Import({RealBrokerTest.InputTopic.class, RealBrokerTest.BrokerHiccups.class})
abstract class RealBrokerTest {

    /** ingest-service owns insight-events; here the test creates it, with fewer partitions than the DLT would need. */
    @TestConfiguration(proxyBeanMethods = false)
    static class InputTopic {

        @Bean
        NewTopic insightEvents() {
            return TopicBuilder.name(Topics.INSIGHT_EVENTS).partitions(3).configs(Topics.COMPACTED).build();
        }
    }

    /** The real pipeline, except that the first two attempts at a "flaky-" slug fail as a broker outage would. */
    @TestConfiguration(proxyBeanMethods = false)
    static class BrokerHiccups {

        static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

        @Bean
        @Primary
        RenderPipeline flakyPipeline(InsightRenderer renderer) {
            return new RenderPipeline(new CloudEventCodec(), renderer, Clock.systemUTC()) {
                @Override
                ProducerRecord<String, byte[]> process(ConsumerRecord<String, byte[]> record) {
                    if (record.key() != null && record.key().startsWith("flaky-")
                            && ATTEMPTS.computeIfAbsent(record.key(), key -> new AtomicInteger()).incrementAndGet() <= 2) {
                        throw new org.apache.kafka.common.errors.TimeoutException("no answer from the broker (simulated)");
                    }
                    return super.process(record);
                }
            };
        }
    }

    static final Duration PATIENCE = Duration.ofSeconds(60);

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

    final CloudEventCodec codec = new CloudEventCodec();
    final String run = UUID.randomUUID().toString().substring(0, 8);
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

    <T> List<T> awaitRendered(Class<T> type, Predicate<T> wanted, int count) {
        Predicate<ConsumerRecord<String, byte[]>> ofType = record -> type.isInstance(decode(record))
                && wanted.test(type.cast(decode(record)));
        return awaitOutputs(ofType, count).stream().map(this::decode).map(type::cast).toList();
    }

    List<ConsumerRecord<String, byte[]>> awaitOutputs(Predicate<ConsumerRecord<String, byte[]>> wanted, int count) {
        try (TopicReader outputs = new TopicReader(bootstrapServers, Topics.INSIGHT_RENDERED)) {
            return await().atMost(PATIENCE).until(() -> outputs.poll().stream().filter(wanted).toList(),
                    list -> list.size() >= count);
        }
    }

    Object decode(ConsumerRecord<String, byte[]> record) {
        return codec.fromRecord(record);
    }

    void send(ProducerRecord<String, byte[]> record) throws Exception {
        producer.send(record).get();
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventCodec.header(record.headers(), name);
    }
}
