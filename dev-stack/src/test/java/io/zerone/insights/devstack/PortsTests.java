package io.zerone.insights.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/** What the stack's arguments make of each service's properties when it runs on ports of its own. */
class PortsTests {

    final Ports ports = new Ports(39092, 39093, 35432, 38081, 38080, 38082);

    /** Every link a service makes to the site (pages, receipts, previews, webhooks) goes to this stack's site. */
    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "render-service", "query-service"})
    void everyPropertyThatLinksToTheSitePointsAtTheStacksOwnSite(String service) throws IOException {
        Properties properties = properties(service);
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.addFirst(new SimpleCommandLinePropertySource(ports.arguments()));
        sources.addLast(new PropertiesPropertySource(service, properties));

        var linking = properties.stringPropertyNames().stream()
                .filter(key -> properties.getProperty(key).contains("INSIGHTS_PUBLIC_BASE_URL")).toList();

        assertThat(linking).isNotEmpty();
        assertThat(linking).allSatisfy(key -> assertThat(environment.getProperty(key))
                .as(key).isEqualTo(ports.publicBaseUrl().toString()));
    }

    /**
     * docker-compose gives ingest's and query's actuators ports of their own through one variable, a container each; in
     * the stack's one JVM an exported INSIGHTS_MANAGEMENT_PORT would have both bind it, so each shares its service's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "query-service"})
    void theActuatorSharesItsServicesPortWhateverTheEnvironmentSays(String service) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.addFirst(new SimpleCommandLinePropertySource(ports.arguments()));
        sources.addAfter(SimpleCommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME,
                new MapPropertySource("exported", Map.of("INSIGHTS_MANAGEMENT_PORT", "8091")));
        sources.addLast(new PropertiesPropertySource(service, properties(service)));

        assertThat(environment.getProperty("management.server.port")).isEmpty();
    }

    private static Properties properties(String service) throws IOException {
        try (InputStream in = PortsTests.class.getResourceAsStream("/" + service + ".properties")) {
            assertThat(in).as("%s.properties on the classpath", service).isNotNull();
            Properties properties = new Properties();
            properties.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            return properties;
        }
    }
}
