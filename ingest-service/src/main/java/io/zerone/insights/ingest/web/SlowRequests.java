package io.zerone.insights.ingest.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.netty.channel.ChannelException;
import reactor.netty.NettyPipeline;

/**
 * A request whose body stops arriving is ended, not waited for. Netty waits for a body as long as the connection
 * lives, and {@code server.netty.idle-timeout} covers only a kept-alive connection between requests: headers with
 * {@code Content-Length: 100} and one byte held a connection, and the request with it, for ever, so a few hundred
 * such clients (slowloris) would hold every connection a replica can take. Spring Boot has no property for it;
 * reactor-netty's request timeout bounds the reading of a request's body, which is what 1 MB at a slow client's pace
 * needs, and nothing after it: an answer that waits (Prefer: wait) is not cut short. The headers before it have a
 * bound of their own, which also ends a kept-alive connection left idle that long.
 */
@Configuration(proxyBeanMethods = false)
class SlowRequests {

    @Bean
    NettyServerCustomizer requestBodyTimeout(ServerTimeouts timeouts) {
        return server -> server.requestTimeout(timeouts.requestBodyTimeout());
    }

    /** The headers' own bound ({@link HeaderDeadline}), right after the HTTP codec of each connection. */
    @Bean
    NettyServerCustomizer requestHeaderTimeout(ServerTimeouts timeouts) {
        long millis = timeouts.requestHeaderTimeout().toMillis();
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            HeaderDeadline deadline = new HeaderDeadline(millis);
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "insights.headerDeadline", deadline);
            } else {
                channel.pipeline().addLast("insights.headerDeadline", deadline);
            }
        });
    }

    /**
     * Whether the request body failed because its time ran out: reactor-netty signals it with a ChannelException of a
     * class it keeps package-private, so it is known by name (SlowRequestsIntegrationTests fails should that change).
     */
    static boolean timedOut(Throwable failure) {
        return failure instanceof ChannelException
                && failure.getClass().getName().equals("reactor.netty.http.server.RequestTimeoutException");
    }
}
