package io.zerone.insights.testsupport.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import io.swagger.v3.parser.OpenAPIV3Parser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * One OpenAPI 3.1 description and the operations the tests of this JVM exercised through it (one instance per
 * description, shared by every test context: Failsafe runs a module's test classes in one JVM). The schemas are
 * validated by networknt's json-schema-validator with its OpenAPI 3.1 dialect (JSON Schema 2020-12), references
 * resolved within the description; {@link Operation} finds the operation of an exchange and applies OpenAPI's rules
 * for parameters, bodies, status codes and headers.
 */
public final class OpenApiExchanges {

    private static final Map<String, OpenApiExchanges> BY_DESCRIPTION = new ConcurrentHashMap<>();
    private static final List<String> METHODS =
            List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final String description;
    private final JsonNode document;
    private final String address;
    private final SchemaRegistry schemas;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
    private final List<Operation> operations = new ArrayList<>();
    private final Set<String> exercised = ConcurrentHashMap.newKeySet();

    private OpenApiExchanges(String description) {
        this.description = description;
        this.document = read(description);
        if (!document.path("openapi").asString("").startsWith("3.1")) {
            throw new IllegalStateException(description + " is no OpenAPI 3.1 description");
        }
        String json = JsonMapper.builder().build().writeValueAsString(document);
        // the structure (what may stand where, references that resolve) is swagger-parser's to judge
        List<String> malformed = new OpenAPIV3Parser().readContents(json).getMessages();
        if (!malformed.isEmpty()) {
            throw new IllegalStateException(description + " is no valid OpenAPI 3.1 description: " + malformed);
        }
        // the description under an address of its own, so that "#/components/..." references resolve within it
        this.address = "https://openapi.invalid/" + description.replace(".yaml", ".json");
        this.schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                registry -> registry.schemas(Map.of(address, json)));
        document.path("paths").properties().forEach(path -> METHODS.stream()
                .filter(method -> path.getValue().has(method))
                .forEach(method -> operations.add(new Operation(method.toUpperCase(), path.getKey(), this))));
        // a path without parameters wins over a template that also matches it (/insights/search over /insights/{slug})
        operations.sort(Comparator.comparingInt(Operation::parameterCount));
    }

    /** The exchanges of the description at this classpath resource. */
    public static OpenApiExchanges of(String description) {
        return BY_DESCRIPTION.computeIfAbsent(description, OpenApiExchanges::new);
    }

    /**
     * The mismatches between one exchange and the description; records its operation. A request the description
     * does not allow may only be refused (4xx: the tests send such requests on purpose); an address it does not
     * describe may only be answered 404, or, ending in a slash, 301 to a path without it (the site's
     * {@code /insights/} to {@code /insights}). The response is always checked: its status must be documented, its
     * documented headers present and valid, its body of a documented media type and valid against the schema.
     */
    List<String> validate(Exchange exchange) {
        Operation operation = operations.stream()
                .filter(candidate -> candidate.method().equals(exchange.method()) && candidate.matches(exchange.path()))
                .findFirst().orElse(null);
        if (operation == null) {
            return exchange.status() == 404 || redirectWithoutTrailingSlash(exchange) ? List.of()
                    : List.of(exchange.method() + " " + exchange.path() + " is not in " + description);
        }
        exercised.add(operation.key());
        List<String> mismatches = new ArrayList<>();
        if (exchange.status() < 400) {
            mismatches.addAll(operation.requestMismatches(exchange));
        }
        mismatches.addAll(operation.responseMismatches(exchange));
        return mismatches;
    }

    private static boolean redirectWithoutTrailingSlash(Exchange exchange) {
        var location = exchange.responseHeaders().getLocation();
        return exchange.status() == 301 && exchange.path().endsWith("/") && location != null
                && location.getHost() == null
                && ("/" + exchange.path().replaceAll("^/+|/+$", "")).equals(location.getRawPath());
    }

    /** A filter for a WebClient or WebTestClient built by hand: validates and records each of its exchanges. */
    public org.springframework.web.reactive.function.client.ExchangeFilterFunction filter() {
        return new OpenApiExchangeFilter(this);
    }

    /** Whether any exchange was validated yet: not when a single test class runs on its own. */
    public boolean anyExercised() {
        return !exercised.isEmpty();
    }

    /** Fails naming each documented operation that no validated exchange of this JVM called. */
    public void assertEveryOperationExercised() {
        Set<String> missing = new TreeSet<>();
        operations.stream().map(Operation::key).filter(key -> !exercised.contains(key)).forEach(missing::add);
        if (!missing.isEmpty()) {
            throw new AssertionError(
                    "operations of " + description + " that no integration test exercised: " + missing);
        }
    }

    JsonNode document() {
        return document;
    }

    /** Validates a value against the schema at this JSON pointer of the description; the errors, or none. */
    List<String> check(String pointer, JsonNode value) {
        Schema schema = compiled.computeIfAbsent(pointer, at -> schemas.getSchema(
                SchemaLocation.of(address + "#" + at.replace("{", "%7B").replace("}", "%7D"))));
        return schema.validate(value).stream().map(Object::toString).toList();
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApiExchanges.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + resource);
            }
            return YAMLMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
