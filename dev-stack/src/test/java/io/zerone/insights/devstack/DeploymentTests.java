package io.zerone.insights.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this reads it: every environment variable it gives a
 * service must be one that service reads, and the ports and names must be the ones the README promises.
 */
class DeploymentTests {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    @SuppressWarnings("unchecked")
    static Map<String, Object> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Object>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) throws IOException {
        return (Map<String, Object>) services().get(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "render-service", "query-service"})
    @SuppressWarnings("unchecked")
    void everyVariableComposeSetsIsOneTheServiceReads(String name) throws IOException {
        Map<String, Object> environment = (Map<String, Object>) service(name).get("environment");
        Set<String> read = variablesRead(name);

        assertThat(environment).isNotEmpty();
        assertThat(environment.keySet()).allSatisfy(variable -> assertThat(read)
                .as("%s sets %s, which the service does not read", name, variable)
                .contains(variable));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "render-service", "query-service"})
    @SuppressWarnings("unchecked")
    void servicesAreBuiltFromThisRepository(String name) throws IOException {
        Map<String, Object> build = (Map<String, Object>) service(name).get("build");

        assertThat(build.get("context")).isEqualTo(".");
        assertThat((Map<String, Object>) build.get("args")).containsEntry("SERVICE", name);
        assertThat(ROOT.resolve(name)).isDirectory();
        assertThat(service(name)).containsKey("healthcheck");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "query-service"})
    @SuppressWarnings("unchecked")
    void servicesWithADatabaseWaitForAHealthyPostgres(String name) throws IOException {
        Map<String, Object> dependsOn = (Map<String, Object>) service(name).get("depends_on");
        Map<String, Object> environment = (Map<String, Object>) service(name).get("environment");

        assertThat((Map<String, Object>) dependsOn.get("postgres")).containsEntry("condition", "service_healthy");
        assertThat(environment).containsEntry("POSTGRES_HOST", "postgres").containsKey("POSTGRES_PASSWORD");
    }

    /**
     * The Dockerfile sizes each JVM's heap as a share of its container's limit; what is left must hold what the JVM
     * needs beside its heap (docs/benchmarks.md): metaspace, code, threads and direct buffers, up to ~245 MB for ingest
     * and render (peaks of 372 and 359 MB at -Xmx128m) and ~340 MB for query (593 MB at -Xmx256m over the run at
     * 1,000,000 insights). A service without a limit would size its heap from the host's whole memory.
     */
    @ParameterizedTest
    @CsvSource({"ingest-service, 256", "render-service, 256", "query-service, 384"})
    @SuppressWarnings("unchecked")
    void everyServiceHasAMemoryLimitWithRoomBesideItsHeap(String name, int besideHeapMb) throws IOException {
        Object memory = service(name);
        for (String key : List.of("deploy", "resources", "limits", "memory")) {
            assertThat(memory).as("%s's deploy.resources.limits.memory", name).isInstanceOf(Map.class);
            memory = ((Map<String, Object>) memory).get(key);
        }
        Matcher limit = Pattern.compile("(\\d+)M").matcher(String.valueOf(memory));
        Matcher share = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)")
                .matcher(Files.readString(ROOT.resolve("Dockerfile")));

        assertThat(limit.matches()).as("%s's memory limit in MB (like 512M)", name).isTrue();
        assertThat(share.find()).as("the Dockerfile sets the heap's share of the container's memory").isTrue();
        int limitMb = Integer.parseInt(limit.group(1));
        int heapMb = limitMb * Integer.parseInt(share.group(1)) / 100;
        assertThat(limitMb - heapMb).as("%s: MB beside a heap of %d MB", name, heapMb).isGreaterThanOrEqualTo(besideHeapMb);
        assertThat(heapMb).as("%s's heap", name).isGreaterThanOrEqualTo(128);
    }

    @Test
    void scalableServicesPublishNoFixedHostPort() throws IOException {
        assertThat(service("render-service")).doesNotContainKey("ports");
        assertThat(service("query-service")).doesNotContainKey("ports");
    }

    @Test
    void publishedPortsAreTheOnesTheReadmeNames() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));

        assertThat(service("ingest-service").get("ports")).isEqualTo(List.of("8081:8081"));
        assertThat(service("query-lb").get("ports")).isEqualTo(List.of("8080:8080"));
        assertThat(readme).contains("http://localhost:8081/api/insights", "http://localhost:8080/insights");
    }

    /**
     * ingest's port is published to editorial systems and query's (through query-lb) to visitors; the health checks
     * and metrics of both stay inside the network, on a port of their own.
     */
    @ParameterizedTest
    @CsvSource({"ingest-service, 8081", "query-service, 8080"})
    @SuppressWarnings("unchecked")
    void theActuatorIsOnAPortOfItsOwnThatComposeDoesNotPublish(String name, String servicePort) throws IOException {
        Map<String, Object> service = service(name);
        String managementPort = String.valueOf(((Map<String, Object>) service.get("environment")).get("INSIGHTS_MANAGEMENT_PORT"));
        List<String> healthcheck = (List<String>) ((Map<String, Object>) service.get("healthcheck")).get("test");
        List<String> published = (List<String>) service.getOrDefault("ports", List.of());

        assertThat(managementPort).matches("\\d+").isNotEqualTo(servicePort);
        assertThat(healthcheck).contains("http://localhost:" + managementPort + "/actuator/health/readiness");
        assertThat(published).noneMatch(port -> port.endsWith(":" + managementPort));
    }

    @Test
    void readmeScaleCommandNamesComposeServices() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher scale = Pattern.compile("--scale ([a-z-]+)=\\d+").matcher(readme);
        Set<String> scaled = new HashSet<>();
        while (scale.find()) {
            scaled.add(scale.group(1));
        }

        assertThat(readme).contains("docker compose up --build --scale render-service=3 --scale query-service=2");
        assertThat(scaled).containsExactlyInAnyOrder("render-service", "query-service");
        assertThat(services().keySet()).containsAll(scaled);
    }

    @Test
    void dockerfileCopiesEveryModuleTheBuildNeeds() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> modules = new java.util.ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1));
        }

        assertThat(modules).contains("ingest-service", "render-service", "query-service");
        assertThat(modules).allSatisfy(name -> assertThat(dockerfile)
                .as("the Dockerfile copies module %s, which the reactor build needs", name)
                .contains("COPY " + name + " " + name));
    }

    @Test
    void kafkaIsTheOfficialImageInKraftMode() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> environment = (Map<String, Object>) service("kafka").get("environment");

        assertThat((String) service("kafka").get("image")).startsWith("apache/kafka:");
        assertThat(environment).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    /**
     * What a service reads from its environment: the ${VARIABLES} its properties file names, and, in Spring's
     * relaxed form, every key that file sets (insights.ingest.clients[0].key-sha256 is
     * INSIGHTS_INGEST_CLIENTS_0_KEYSHA256).
     */
    static Set<String> variablesRead(String service) throws IOException {
        Set<String> read = new HashSet<>();
        String text;
        try (InputStream in = DeploymentTests.class.getResourceAsStream("/" + service + ".properties")) {
            assertThat(in).as("%s.properties on the classpath", service).isNotNull();
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            read.add(placeholder.group(1));
        }
        Properties properties = new Properties();
        properties.load(new java.io.StringReader(text));
        for (String key : properties.stringPropertyNames()) {
            read.add(key.replace("[", ".").replace("]", "").replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT));
        }
        return read;
    }
}
