package io.rampart.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.rampart.Backoff;
import io.rampart.bench.peers.PekkoSystems;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 server whose event loops hand each {@code GET /work?n=N} to a worker group and write
 * the answer when it comes: 200 with a JSON body, or 503 with a short reason. The workers are a
 * Rampart group, a {@code ThreadPoolExecutor} or Pekko actors, on Pekko's defaults or tuned ({@code --variant});
 * the server, the work and the injected faults are the same for all of them.
 *
 * <pre>
 *  Gatling ─TCP 127.0.0.1─► Netty event loop(s) ──dispatch(uri)──► worker 0..W-1 ──► Work.answer
 *                                ▲                                    │
 *                                └──── whenCompleteAsync(eventLoop) ◄─┘ answer / failure / timeout
 * </pre>
 *
 * <p>The transport is Netty's NIO one: it is plain JDK code on every platform, needs no native
 * library beside the jar, and is the same for every variant, whose dispatch, not the socket
 * layer, is what is compared. (The epoll transport would save some syscalls for all of them alike.)
 *
 * <p>{@code --variant inline} (calibration, {@link InlineDispatcher}) dispatches nothing: the event loop answers.
 *
 * <p>Usage: {@code HttpFront --variant rampart|executor|pekko|pekko-tuned|inline [--port 8080] [--io-threads 1]
 * [--workers 2] [--ask-timeout-ms 1000] [--crash-rate 0] [--backoff-min-us 100] [--backoff-max-ms 200]
 * [--backoff-reset-ms 10000] [--burst-grace-ms 1000] [--record-latency false]}. It binds 127.0.0.1 only and runs
 * until killed. {@code --port 0} binds a free port. {@code GET /metrics} is the Prometheus text exposition of the
 * Rampart variant's engine ({@code RampartMetrics}); {@code --record-latency true} adds its queue-wait and
 * service-time distributions (off by default, as in the measured runs).
 */
public final class HttpFront {
    private HttpFront() {
    }

    /**
     * Starts the server and blocks until the JVM is asked to stop.
     *
     * @param args the options above
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        Running running = start(options(args));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "http-shutdown"));
        System.out.println("listening on http://127.0.0.1:" + running.port() + " variant=" + running.variant());
        System.out.println("threads: " + running.threads());
        stopped.await();
    }

    /**
     * A started server: its port, and how to stop it.
     *
     * @param port    the port it listens on
     * @param variant the workers' variant
     * @param threads what runs, for the report
     * @param stop    closes the server, its event loops and its dispatcher
     */
    record Running(int port, String variant, String threads, Runnable stop) implements AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }

    /** Starts the server with the options of {@link #main}, as {@code --name value} pairs without the dashes. */
    static Running start(Map<String, String> opts) throws InterruptedException {
        String variant = opts.getOrDefault("variant", "rampart");
        int port = Integer.parseInt(opts.getOrDefault("port", "8080"));
        int ioThreads = Integer.parseInt(opts.getOrDefault("io-threads", "1"));
        int workers = Integer.parseInt(opts.getOrDefault("workers", "2"));
        Duration timeout = Duration.ofMillis(Long.parseLong(opts.getOrDefault("ask-timeout-ms", "1000")));
        // Restarts back off only "in a row" (no request handled in between): an isolated crash restarts
        // after backoff-min, while an outage (the handler factory fails at every restart) backs off
        // 1, 2, 4 ... up to backoff-max. The quiet-period reset is the library's default (10 s).
        // backoff-min is small (100 us) because with 2 slots and a 1% crash rate each slot crashes
        // hundreds of times a second: with 1 ms, a failure run here answered 26% of requests 503
        // (both slots restarting at once, and the front's groups are failFast).
        Backoff backoff = Backoff.exponential(Duration.ofNanos(1_000 * Long.parseLong(opts.getOrDefault("backoff-min-us", "100"))),
                        ms(opts, "backoff-max-ms", 200), 0.2)
                .resetAfter(ms(opts, "backoff-reset-ms", 10_000));
        long graceNanos = ms(opts, "burst-grace-ms", 1000).toNanos();

        Faults faults = new Faults();
        faults.crashRate(Double.parseDouble(opts.getOrDefault("crash-rate", "0")));
        Dispatcher dispatcher = switch (variant) {
            case "rampart" -> new RampartDispatcher(workers, timeout, faults, backoff,
                    Boolean.parseBoolean(opts.getOrDefault("record-latency", "false")));
            case "executor" -> new ExecutorDispatcher(workers, timeout, faults);
            case "pekko" -> new PekkoDispatcher(workers, timeout, faults, PekkoSystems.Tuning.DEFAULT);
            case "pekko-tuned" -> new PekkoDispatcher(workers, timeout, faults, PekkoSystems.Tuning.LATENCY);
            // Calibration only: answers on the event loop, so the load generator's own limit shows (InlineDispatcher).
            case "inline" -> new InlineDispatcher();
            default -> throw new IllegalArgumentException("--variant must be rampart, executor, pekko, pekko-tuned or "
                    + "inline, was "
                    + variant);
        };
        String threads = "Netty NIO: " + ioThreads + " event-loop thread(s) (accept and I/O); workers: "
                + dispatcher.describe() + "; ask timeout " + timeout.toMillis() + " ms";
        Stats stats = new Stats(faults, graceNanos);
        Admin admin = new Admin(dispatcher, faults, stats, threads);

        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("http-io", true),
                NioIoHandler.newFactory());
        Channel server = new ServerBootstrap()
                .group(loops)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                new HttpObjectAggregator(64 * 1024),
                                new RequestHandler(dispatcher, stats, admin));
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        int bound = ((java.net.InetSocketAddress) server.localAddress()).getPort();
        return new Running(bound, variant, threads, () -> {
            server.close().awaitUninterruptibly();
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            dispatcher.close();
        });
    }

    private static Duration ms(Map<String, String> opts, String key, long dflt) {
        return Duration.ofMillis(Long.parseLong(opts.getOrDefault(key, String.valueOf(dflt))));
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
