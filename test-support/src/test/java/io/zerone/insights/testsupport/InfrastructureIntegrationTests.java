package io.zerone.insights.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

@SpringBootTest(classes = InfrastructureIntegrationTests.App.class,
        properties = "spring.flyway.enabled=false")
@WithKafka
@WithPostgres
class InfrastructureIntegrationTests {

    @SpringBootApplication
    static class App {
    }

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    DatabaseClient database;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void recordSentToTheBrokerCanBeReadBack() throws Exception {
        kafka.send("smoke", "key", "value").get();

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "smoke",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("smoke"));
            // a poll may return before the group's join has ended, with nothing: poll until the record comes
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
                return !values.isEmpty();
            });
            assertThat(values).containsExactly("value");
        }
    }

    @Test
    void databaseAnswersOverR2dbcWithTrigramSearchAvailable() {
        String version = database.sql("select version()").map(row -> row.get(0, String.class)).one().block();
        database.sql("create extension if not exists pg_trgm").then().block();
        Double similarity = database.sql("select similarity('thundering', 'thunderin')")
                .map(row -> row.get(0, Double.class)).one().block();

        assertThat(version).startsWith("PostgreSQL");
        assertThat(similarity).isGreaterThan(0.5);
    }
}
