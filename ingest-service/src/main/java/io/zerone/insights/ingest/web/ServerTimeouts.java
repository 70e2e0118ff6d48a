package io.zerone.insights.ingest.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param requestBodyTimeout how long a request's body may take to arrive, from the end of its headers to its last
 *        byte; past it the request is answered 408 (or, once an answer has begun, its connection closed)
 * @param requestHeaderTimeout how long a request's headers may take to arrive whole, from the connection's opening or
 *        the end of the previous response; past it the connection is closed (there is no request yet to answer)
 */
@ConfigurationProperties("insights.ingest.server")
record ServerTimeouts(@DefaultValue("30s") Duration requestBodyTimeout,
        @DefaultValue("20s") Duration requestHeaderTimeout) {
}
