package io.zerone.insights.testsupport.openapi;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;


import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Validates every exchange of a WebTestClient against an OpenAPI description: it keeps a copy of the request body as
 * it is written, reads the whole response body (the APIs answer small bodies, never streams), validates both and
 * hands the test the same bytes. A mismatch fails the exchange, so the test that made it fails with the reasons.
 */
final class OpenApiExchangeFilter implements ExchangeFilterFunction {

    private final OpenApiExchanges exchanges;

    OpenApiExchangeFilter(OpenApiExchanges exchanges) {
        this.exchanges = exchanges;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        AtomicReference<byte[]> sent = new AtomicReference<>();
        ClientRequest copying = ClientRequest.from(request)
                .body((message, context) -> request.body().insert(new ClientHttpRequestDecorator(message) {
                    @Override
                    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                        return super.writeWith(DataBufferUtils.join(body).doOnNext(buffer -> sent.set(copy(buffer))));
                    }

                    @Override
                    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
                        return writeWith(Flux.from(body).flatMap(part -> part));
                    }
                }, context))
                .build();
        return next.exchange(copying).flatMap(response -> DataBufferUtils
                .join(response.body(BodyExtractors.toDataBuffers()))
                .map(buffer -> {
                    byte[] bytes = copy(buffer);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map(received -> {
                    Exchange exchange = exchange(request, sent.get(), response, received);
                    List<String> mismatches = exchanges.validate(exchange);
                    if (!mismatches.isEmpty()) {
                        throw new AssertionError(exchange + " does not match its OpenAPI description:\n  "
                                + String.join("\n  ", mismatches));
                    }
                    return response.mutate()
                            .body(Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(received))))
                            .build();
                }));
    }

    private static Exchange exchange(ClientRequest request, byte[] sent, ClientResponse response, byte[] received) {
        URI url = request.url();
        MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
        UriComponentsBuilder.fromUri(url).build().getQueryParams().forEach((name, values) -> values.forEach(
                value -> query.add(decode(name), value == null ? "" : decode(value))));
        return new Exchange(request.method().name(), url.getRawPath(), query, request.headers(),
                sent == null ? new byte[0] : sent, response.statusCode().value(), response.headers().asHttpHeaders(),
                received);
    }

    private static String decode(String value) {
        return UriUtils.decode(value.replace("+", "%20"), StandardCharsets.UTF_8);
    }

    private static byte[] copy(DataBuffer buffer) {
        ByteBuffer bytes = ByteBuffer.allocate(buffer.readableByteCount());
        buffer.toByteBuffer(buffer.readPosition(), bytes, 0, bytes.capacity());
        return bytes.array();
    }
}
