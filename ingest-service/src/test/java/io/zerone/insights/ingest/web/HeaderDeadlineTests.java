package io.zerone.insights.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The header deadline on Netty's embedded channel, whose clock the test moves (on top of the real one, so the
 * assertions leave a margin either side of the deadline).
 */
class HeaderDeadlineTests {

    private final EmbeddedChannel channel = new EmbeddedChannel(new HeaderDeadline(1_000));

    @Test
    void aConnectionWithoutARequestIsClosedAtTheDeadline() {
        after(800);
        assertThat(channel.isOpen()).isTrue();

        after(300);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aRequestBeingAnsweredIsNotCutOffAndTheNextOneHasTheDeadlineAgain() {
        channel.writeInbound(request());
        after(5_000); // a long answer (Prefer: wait)
        assertThat(channel.isOpen()).isTrue();

        channel.writeOutbound(response(HttpResponseStatus.ACCEPTED));
        after(1_100);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aHundredContinueBeforeTheBodyIsNoAnswer() {
        channel.writeInbound(request());
        channel.writeOutbound(response(HttpResponseStatus.CONTINUE));

        after(5_000); // the body arriving, bounded by the body timeout, not this one

        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aPipelinedRequestWaitsForItsOwnAnswer() {
        channel.writeInbound(request());
        channel.writeInbound(request());
        channel.writeOutbound(response(HttpResponseStatus.OK));

        after(5_000);
        assertThat(channel.isOpen()).isTrue();
        channel.writeOutbound(response(HttpResponseStatus.OK));
        after(1_100);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anAnswerWrittenWithAVoidPromiseStartsTheNextDeadlineToo() {
        channel.writeInbound(request());
        channel.writeAndFlush(response(HttpResponseStatus.OK), channel.voidPromise());

        after(1_100);

        assertThat(channel.isOpen()).isFalse();
    }

    private void after(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private static DefaultHttpRequest request() {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/insights");
    }

    private static DefaultFullHttpResponse response(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
    }
}
