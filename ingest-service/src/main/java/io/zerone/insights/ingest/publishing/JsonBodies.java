package io.zerone.insights.ingest.publishing;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.springframework.core.io.buffer.DataBuffer;
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
                    try {
                        return json.readTree(utf8(buffer));
                    } catch (JacksonException e) {
                        // a limit's message names the Jackson method that holds it: a client can do nothing with that
                        throw new InvalidInsightException("$", "malformed JSON: "
                                + JACKSON_SOURCE.matcher(e.getOriginalMessage()).replaceAll(""));
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .filter(node -> !node.isMissingNode())
                // a supplier: an exception built for every request (its stack trace filled in) cost ~5 % of ingest's
                // CPU at 200 publishes/s, for the rare empty body
                .switchIfEmpty(Mono.error(() -> new InvalidInsightException("$", "the body is empty; send the insight as JSON")));
    }

    /**
     * The body decoded strictly as UTF-8, the only encoding of JSON (RFC 8259). Given the bytes, Jackson guessed:
     * Latin-1 was a 400 in its words ("Invalid UTF-8 middle byte 0x22"), and UTF-16 and UTF-32 were read and published.
     * UTF-16 and UTF-32 text of JSON decodes as UTF-8 with NUL bytes beside its ASCII, and JSON holds no NUL (a
     * string escapes it): a body with one is not UTF-8 JSON either. A UTF-8 byte order mark is ignored, as the RFC
     * allows.
     */
    private static String utf8(DataBuffer buffer) {
        ByteBuffer bytes = ByteBuffer.allocate(buffer.readableByteCount());
        buffer.toByteBuffer(buffer.readPosition(), bytes, 0, bytes.capacity());
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "the body must be UTF-8, and byte " + bytes.position() + " is not; send JSON in UTF-8");
        }
        if (text.indexOf(0) >= 0) {
            throw new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "the body must be UTF-8, and it holds"
                    + " NUL bytes, as UTF-16 and UTF-32 do; send JSON in UTF-8");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
