package io.zerone.insights.ingest.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.netty.channel.ChannelException;

/**
 * A request whose body stops arriving is ended, not waited for. Netty waits for a body as long as the connection
 * lives, and {@code server.netty.idle-timeout} covers only a kept-alive connection between requests: headers with
 * {@code Content-Length: 100} and one byte held a connection, and the request with it, for ever, so a few hundred
 * such clients (slowloris) would hold every connection a replica can take. Spring Boot has no property for it;
 * reactor-netty's request timeout bounds the reading of a request's body, which is what 1 MB at a slow client's pace
 * needs, and nothing after it: an answer that waits (Prefer: wait) is not cut short.
 */
@Configuration(proxyBeanMethods = false)
class SlowRequests {

    @Bean
    NettyServerCustomizer requestBodyTimeout(ServerTimeouts timeouts) {
        return server -> server.requestTimeout(timeouts.requestBodyTimeout());
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
