package io.rampart.http;

import java.util.Locale;

/**
 * The piece of work every worker does for {@code GET /work?n=N}: parse {@code n} from the query,
 * count and sum the primes up to {@code n} with a small sieve, and format a JSON body. The same
 * code runs in all three dispatchers, so that only the dispatch differs between them.
 *
 * <p>{@code n} is capped at {@link #MAX_N} so that one request costs microseconds, like a handler
 * that validates, looks something up and serialises, and not milliseconds of CPU.
 */
public final class Work {
    /** The largest {@code n} accepted; larger values are a bad request. */
    public static final int MAX_N = 100_000;
    /** The {@code n} used when the query has none. */
    public static final int DEFAULT_N = 1_000;

    private Work() {
    }

    /**
     * Answers one request.
     *
     * @param uri the request's URI, e.g. {@code /work?n=1234}
     * @return the JSON body
     * @throws IllegalArgumentException if {@code n} is not a number in [1, {@link #MAX_N}]
     */
    public static String answer(String uri) {
        int n = parseN(uri);
        boolean[] composite = new boolean[n + 1];
        int count = 0;
        long sum = 0;
        for (int i = 2; i <= n; i++) {
            if (!composite[i]) {
                count++;
                sum += i;
                for (long j = (long) i * i; j <= n; j += i) {
                    composite[(int) j] = true;
                }
            }
        }
        return String.format(Locale.ROOT, "{\"n\":%d,\"primes\":%d,\"sum\":%d}", n, count, sum);
    }

    /** The value of the {@code n} query parameter; {@link #DEFAULT_N} when absent. */
    static int parseN(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return DEFAULT_N;
        }
        for (String pair : uri.substring(q + 1).split("&")) {
            if (pair.startsWith("n=")) {
                int n;
                try {
                    n = Integer.parseInt(pair.substring(2));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("n must be a number, was '" + pair.substring(2) + "'");
                }
                if (n < 1 || n > MAX_N) {
                    throw new IllegalArgumentException("n must be in [1, " + MAX_N + "], was " + n);
                }
                return n;
            }
        }
        return DEFAULT_N;
    }
}
