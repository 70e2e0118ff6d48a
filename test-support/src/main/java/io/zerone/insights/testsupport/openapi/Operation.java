package io.zerone.insights.testsupport.openapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriUtils;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One operation of a description (a method on a path template) and OpenAPI's rules for what may be sent to it and
 * what it may answer: parameters (path, query, header), the request body, the status code, response headers and the
 * response body; every schema check goes to the description's JSON Schema validator.
 */
final class Operation {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String method;
    private final String template;
    private final String[] segments;
    private final String pointer;
    private final OpenApiExchanges description;

    Operation(String method, String template, OpenApiExchanges description) {
        this.method = method;
        this.template = template;
        this.segments = template.split("/", -1);
        this.pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
        this.description = description;
    }

    String method() {
        return method;
    }

    String key() {
        return method + " " + template;
    }

    int parameterCount() {
        return (int) template.chars().filter(c -> c == '{').count();
    }

    boolean matches(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != segments.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            boolean variable = segments[i].startsWith("{") && segments[i].endsWith("}");
            if (variable ? parts[i].isEmpty() : !segments[i].equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    List<String> requestMismatches(Exchange exchange) {
        List<String> mismatches = new ArrayList<>();
        for (Located parameter : parameters()) {
            String name = parameter.node().path("name").asString();
            String in = parameter.node().path("in").asString();
            List<String> values = values(exchange, name, in);
            if (values.isEmpty()) {
                if (parameter.node().path("required").asBoolean(false)) {
                    mismatches.add("the required " + in + " parameter " + name + " is missing");
                }
                continue;
            }
            Located schema = parameter.at("schema");
            JsonNode value = WireValues.coerce(values, schema.node());
            description.check(schema.pointer(), value)
                    .forEach(error -> mismatches.add(in + " parameter " + name + "=" + values + ": " + error));
        }
        Optional<Located> body = located(pointer + "/requestBody");
        if (body.isPresent()) {
            if (exchange.requestBody().length == 0) {
                if (body.get().node().path("required").asBoolean(false)) {
                    mismatches.add("the required request body is missing");
                }
            } else {
                mismatches.addAll(content(body.get(), exchange.requestHeaders(), exchange.requestBody(), "request"));
            }
        } else if (exchange.requestBody().length > 0) {
            mismatches.add("a request body where none is documented");
        }
        return mismatches;
    }

    List<String> responseMismatches(Exchange exchange) {
        String status = Integer.toString(exchange.status());
        Optional<Located> response = located(pointer + "/responses/" + status)
                .or(() -> located(pointer + "/responses/" + status.charAt(0) + "XX"))
                .or(() -> located(pointer + "/responses/default"));
        if (response.isEmpty()) {
            return List.of("status " + status + " is not documented for " + key());
        }
        List<String> mismatches = new ArrayList<>();
        response.get().node().path("headers").propertyNames().forEach(name -> {
            Located header = response.get().at("headers/" + escape(name));
            List<String> values = exchange.responseHeaders().getOrEmpty(name);
            if (values.isEmpty()) {
                if (header.node().path("required").asBoolean(false)) {
                    mismatches.add("the required response header " + name + " is missing");
                }
            } else if (header.node().has("schema")) {
                Located schema = header.at("schema");
                JsonNode value = WireValues.coerce(List.of(String.join(", ", values)), schema.node());
                description.check(schema.pointer(), value)
                        .forEach(error -> mismatches.add("response header " + name + ": " + values + ": " + error));
            }
        });
        if (exchange.responseBody().length > 0 || response.get().node().has("content")) {
            mismatches.addAll(content(response.get(), exchange.responseHeaders(), exchange.responseBody(), "response"));
        }
        return mismatches;
    }

    /** A body checked against the content map of a request body or response: documented media type, valid JSON. */
    private List<String> content(Located owner, HttpHeaders headers, byte[] body, String what) {
        if (!owner.node().has("content")) {
            return List.of("a " + what + " body where none is documented");
        }
        if (body.length == 0) {
            return List.of("no " + what + " body where "
                    + owner.node().path("content").propertyNames() + " is documented");
        }
        MediaType type = headers.getContentType();
        if (type == null) {
            return List.of("a " + what + " body without Content-Type");
        }
        String documented = owner.node().path("content").propertyNames().stream()
                .filter(candidate -> MediaType.parseMediaType(candidate).includes(type))
                .findFirst().orElse(null);
        if (documented == null) {
            return List.of("a " + what + " body of " + type + " where " + owner.node().path("content").propertyNames()
                    + " is documented");
        }
        Located media = owner.at("content/" + escape(documented));
        boolean json = "json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json");
        if (!json || !media.node().has("schema")) {
            return List.of();
        }
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (JacksonException e) {
            return List.of("the " + what + " body is no JSON: " + e.getOriginalMessage());
        }
        return description.check(media.at("schema").pointer(), value).stream()
                .map(error -> what + " body: " + error).toList();
    }

    private List<Located> parameters() {
        List<Located> parameters = new ArrayList<>();
        String pathPointer = pointer.substring(0, pointer.lastIndexOf('/'));
        for (String owner : List.of(pathPointer, pointer)) {
            JsonNode list = description.document().at(owner + "/parameters");
            for (int i = 0; i < list.size(); i++) {
                located(owner + "/parameters/" + i).ifPresent(parameters::add);
            }
        }
        return parameters;
    }

    private List<String> values(Exchange exchange, String name, String in) {
        return switch (in) {
            case "path" -> {
                String[] parts = exchange.path().split("/", -1);
                for (int i = 0; i < segments.length; i++) {
                    if (segments[i].equals("{" + name + "}")) {
                        yield List.of(UriUtils.decode(parts[i], StandardCharsets.UTF_8));
                    }
                }
                yield List.of();
            }
            case "query" -> Optional.ofNullable(exchange.query().get(name)).orElse(List.of());
            case "header" -> exchange.requestHeaders().getOrEmpty(name);
            default -> List.of();
        };
    }

    /** The node at a pointer, following a {@code $ref} within the description; empty if there is none. */
    private Optional<Located> located(String at) {
        JsonNode node = description.document().at(at);
        return node.isMissingNode() ? Optional.empty() : Optional.of(new Located(node, at, description).resolved());
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    @Override
    public String toString() {
        return key();
    }

}
