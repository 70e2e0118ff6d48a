package io.zerone.insights.testsupport.openapi;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/** One request and its response as sent and received: raw path, decoded query, bodies as bytes (empty if none). */
record Exchange(String method, String path, MultiValueMap<String, String> query, HttpHeaders requestHeaders,
        byte[] requestBody, int status, HttpHeaders responseHeaders, byte[] responseBody) {

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " answered " + status;
    }
}
