package io.zerone.insights.ingest.publishing;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a request's JSON within a size limit, decided on Content-Length first and enforced while streaming. */
@Component
public class JsonBodies {

    /** ", from `StreamReadConstraints.getMaxNestingDepth()`" in the messages of Jackson's limits. */
    private static final Pattern JACKSON_SOURCE = Pattern.compile(", from `[^`]*`");

    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final long limit;

    JsonBodies(IngestProperties properties) {
        this.limit = properties.maxRequestSize().toBytes();
    }

    public Mono<JsonNode> read(ServerHttpRequest request) {
        if (request.getHeaders().getContentLength() > limit) {
            return Mono.error(new PayloadTooLargeException(limit));
        }
        // JSON is UTF-8 (RFC 8259), and no body is decompressed here: either one was read as malformed JSON, a 400
        // that blamed the body for what its headers said
        Charset charset = request.getHeaders().getContentType() == null ? null
                : request.getHeaders().getContentType().getCharset();
        if (charset != null && !StandardCharsets.UTF_8.equals(charset)) {
            return Mono.error(new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "a JSON body is UTF-8, not " + charset.name()));
        }
        String coding = request.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
        if (coding != null && !coding.isBlank() && !coding.strip().equalsIgnoreCase("identity")) {
            return Mono.error(new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "a body in Content-Encoding " + coding.strip() + " is not read; send it uncompressed"));
        }
        return DataBufferUtils.join(request.getBody(), (int) limit)
                .onErrorMap(DataBufferLimitException.class, e -> new PayloadTooLargeException(limit))
                .map(buffer -> {
                    try (InputStream in = buffer.asInputStream(true)) {
                        return json.readTree(in);
                    } catch (JacksonException e) {
                        // a limit's message names the Jackson method that holds it: a client can do nothing with that
                        throw new InvalidInsightException("$", "malformed JSON: "
                                + JACKSON_SOURCE.matcher(e.getOriginalMessage()).replaceAll(""));
                    } catch (java.io.IOException e) {
                        throw new InvalidInsightException("$", "unreadable body: " + e.getMessage());
                    }
                })
                .filter(node -> !node.isMissingNode())
                // a supplier: an exception built for every request (its stack trace filled in) cost ~5 % of ingest's
                // CPU at 200 publishes/s, for the rare empty body
                .switchIfEmpty(Mono.error(() -> new InvalidInsightException("$", "the body is empty; send the insight as JSON")));
    }
}
