package io.zerone.insights.ingest.web;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Closes a connection whose next request's headers are not all there within the deadline: counted from the
 * connection's opening, and again from the end of each response. Netty waits for headers as long as bytes trickle in
 * (a header line every ten seconds kept a connection for good, and ~19,800 such connections took every file
 * descriptor of the dev stack's JVM, broker included); the body has its own bound (reactor-netty's request timeout).
 * It sits right after the HTTP codec, so it sees decoded requests coming in and the end of each response going out;
 * one per connection, on its event loop, so it needs no locking.
 */
final class HeaderDeadline extends ChannelDuplexHandler {

    private final long millis;
    private ScheduledFuture<?> deadline;
    /** Requests read and not yet answered whole: a pipelined one waits for its answer, not for headers. */
    private int unanswered;

    HeaderDeadline(long millis) {
        this.millis = millis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        if (context.channel().isActive()) {
            arm(context);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        arm(context);
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof HttpRequest) {
            unanswered++;
            disarm(); // its headers are in: what follows is the body's to bound, then the answer's
        }
        context.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        // the end of an answer, not a "100 Continue" before the body (curl asks for one before a large body)
        if (message instanceof LastHttpContent && !(message instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
            promise = promise.unvoid(); // a void promise takes no listener
            promise.addListener(written -> {
                unanswered = Math.max(0, unanswered - 1);
                if (unanswered == 0) {
                    arm(context); // the next request's headers, on a kept-alive connection
                }
            });
        }
        context.write(message, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        disarm();
        context.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext context) {
        disarm();
        if (context.channel().isActive()) {
            deadline = context.executor().schedule((Runnable) context::close, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
