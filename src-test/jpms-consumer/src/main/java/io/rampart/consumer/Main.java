package io.rampart.consumer;

import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.balance.LoadBalancer;

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
        try (Engine engine = Engine.builder()
                .name("consumer")
                .group(GroupSpec.<String>builder("upper")
                        .redundancy(2)
                        .loadBalancer(LoadBalancer.roundRobin())
                        .recordLatency(true)
                        .handler(() -> (msg, ctx) -> ctx.reply(msg.toUpperCase()))
                        .build())
                .build()) {
            engine.start();
            Distributor upper = engine.distributor("upper");
            String answer = upper.<String>askOne("hello").join();
            System.out.println("answer: " + answer);
            System.out.println("engine module: " + Engine.class.getModule().getName());
            long recorded = engine.metrics("upper").slots().stream()
                    .mapToLong(s -> s.queueWait().getTotalCount()).sum();
            System.out.println("queue waits recorded: " + recorded);
        }
    }
}
