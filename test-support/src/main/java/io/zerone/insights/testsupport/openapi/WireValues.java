package io.zerone.insights.testsupport.openapi;

import java.math.BigDecimal;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Parameters and headers are strings on the wire; their schema's type says what JSON value each stands for. A value
 * that is not of its type stays a string, so that the schema check reports it.
 */
final class WireValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireValues() {
    }

    static JsonNode coerce(List<String> values, JsonNode schema) {
        String type = type(schema);
        if ("array".equals(type)) {
            ArrayNode array = NODES.arrayNode();
            values.forEach(value -> array.add(coerce(value, type(schema.path("items")))));
            return array;
        }
        return coerce(values.get(0), type);
    }

    private static JsonNode coerce(String value, String type) {
        try {
            return switch (type) {
                case "integer" -> NODES.numberNode(Long.parseLong(value));
                case "number" -> NODES.numberNode(new BigDecimal(value));
                case "boolean" -> value.equals("true") || value.equals("false")
                        ? NODES.booleanNode(Boolean.parseBoolean(value)) : NODES.stringNode(value);
                default -> NODES.stringNode(value);
            };
        } catch (NumberFormatException e) {
            return NODES.stringNode(value);
        }
    }

    /** The first type that is not "null" ({@code type: [string, "null"]}); string when none is given. */
    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (!one.asString().equals("null")) {
                    return one.asString();
                }
            }
        }
        return type.asString("string");
    }
}
