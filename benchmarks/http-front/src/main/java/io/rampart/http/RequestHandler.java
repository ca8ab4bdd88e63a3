package io.rampart.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * One connection's requests. {@code /work} goes to the {@link Dispatcher}; the answer comes back on
 * whatever thread completed the future (a worker, a timer) and is handed to this channel's event
 * loop with {@code whenCompleteAsync(..., eventLoop)}, so the event loop never waits and every
 * write happens on it. Everything else goes to {@link Admin} at once.
 *
 * <p>HTTP/1.1 lets a client pipeline requests and expects the responses in the same order, while
 * the workers may answer out of order: responses wait in {@link #inOrder} until those before them
 * are written.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Dispatcher dispatcher;
    private final Stats stats;
    private final Admin admin;
    private final ArrayDeque<Pending> inOrder = new ArrayDeque<>();

    RequestHandler(Dispatcher dispatcher, Stats stats, Admin admin) {
        this.dispatcher = dispatcher;
        this.stats = stats;
        this.admin = admin;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        long start = System.nanoTime();
        Pending pending = new Pending(HttpUtil.isKeepAlive(request));
        inOrder.add(pending);
        String uri = request.uri();
        if (uri.equals("/work") || uri.startsWith("/work?")) {
            Stats.Phase phase = stats.phaseAt(start);
            CompletableFuture<String> answer;
            try {
                answer = dispatcher.dispatch(uri);
            } catch (RuntimeException e) { // e.g. the engine is closing: still a clean answer
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenCompleteAsync((body, failure) -> {
                int status = failure == null ? 200 : Outcome.status(failure);
                String reason = failure == null ? null : Outcome.reason(failure);
                phase.record(status, reason, start);
                if (!ctx.channel().isActive()) {
                    return; // the client went away: nothing to write, nothing to release
                }
                pending.response = failure == null ? response(ctx, 200, "application/json", body)
                        : response(ctx, status, "text/plain; charset=utf-8", reason + "\n");
                writeReady(ctx);
            }, ctx.executor());
        } else {
            Admin.Reply reply = admin.handle(uri);
            pending.response = response(ctx, reply.status(), reply.contentType(), reply.body());
            writeReady(ctx);
        }
    }

    /** Writes the responses at the head of the line that are ready; on the event loop. */
    private void writeReady(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (!inOrder.isEmpty() && inOrder.peek().response != null) {
            Pending p = inOrder.poll();
            HttpUtil.setKeepAlive(p.response, p.keepAlive);
            ctx.write(p.response);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private static FullHttpResponse response(ChannelHandlerContext ctx, int status, String type, String body) {
        ByteBuf content = ByteBufUtil.writeUtf8(ctx.alloc(), body);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (status == 503) {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        return r;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Responses still to come are written to a closed channel and released by Netty; drop the rest.
        for (Pending p : inOrder) {
            if (p.response != null) {
                p.response.release();
            }
        }
        inOrder.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset connection from the load generator at the end of a run: nothing to answer
    }

    /** A request whose response is not written yet. */
    private static final class Pending {
        final boolean keepAlive;
        FullHttpResponse response;

        Pending(boolean keepAlive) {
            this.keepAlive = keepAlive;
        }
    }
}
