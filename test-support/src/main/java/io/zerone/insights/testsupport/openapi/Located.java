package io.zerone.insights.testsupport.openapi;

import tools.jackson.databind.JsonNode;

/**
 * A node of a description and its JSON pointer: the validator loads schemas by pointer, so that the references inside
 * them resolve within the description.
 */
record Located(JsonNode node, String pointer, OpenApiExchanges description) {

    Located resolved() {
        JsonNode ref = node.get("$ref");
        if (ref == null || !ref.asString().startsWith("#")) {
            return this;
        }
        String target = ref.asString().substring(1);
        return new Located(description.document().at(target), target, description).resolved();
    }

    Located at(String relative) {
        String target = pointer + "/" + relative;
        return new Located(description.document().at(target), target, description).resolved();
    }
}
