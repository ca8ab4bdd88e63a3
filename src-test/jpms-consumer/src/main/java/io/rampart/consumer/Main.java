package io.rampart.consumer;

import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.balance.LoadBalancer;
import java.util.concurrent.CompletableFuture;

/**
 * The README's example, cut to its bones, as a named module: one engine, one group behind a balancer
 * from the exported {@code io.rampart.balance}, one ask. Prints {@code answer: HELLO}, the module
 * the engine was loaded from, and how many queue waits the group recorded (its latency recording
 * runs HdrHistogram from the module path).
 */
public final class Main {
    private Main() {
    }

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        GroupSpec<String, String> spec = GroupSpec.builder("upper", String.class)
                .answers(String.class)
                .redundancy(2)
                .recordLatency(true)
                .loadBalancer(LoadBalancer.roundRobin())
                .handler(() -> (msg, ctx) -> ctx.reply(msg.toUpperCase()))
                .build();
        try (Engine engine = Engine.builder()
                .name("consumer")
                .group(spec)
                .build()) {
            engine.start();
            Distributor<String, String> upper = engine.distributor(spec);
            CompletableFuture<String> reply = upper.askOne("hello");
            String answer = reply.join();
            System.out.println("answer: " + answer);
            System.out.println("engine module: " + Engine.class.getModule().getName());
            long recorded = engine.metrics("upper").slots().stream()
                    .mapToLong(s -> s.queueWait().getTotalCount()).sum();
            System.out.println("queue waits recorded: " + recorded);
        }
    }
}
