package io.zerone.insights.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(20));
            assertThat(records.count()).isEqualTo(1);
            assertThat(records.iterator().next().value()).isEqualTo("value");
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
