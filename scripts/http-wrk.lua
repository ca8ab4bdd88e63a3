-- wrk script for scripts/http-compare.sh: requests GET /work?n=<N> (N from the environment variable
-- WORK_N, default 1234) and, when the run ends, prints machine-readable lines the report reads:
--   RESULT requests=.. duration_us=.. bytes=.. non2xx=.. connect=.. read=.. write=.. timeout=..
--   PCT <percentile> <latency us>          (wrk's own histogram: closed loop, no coordinated-omission fix)
-- No response() hook: counting statuses in Lua would slow wrk; non-2xx (all 503 here) comes from wrk's
-- own counter and the per-reason split from the server's /stats.
local n = os.getenv("WORK_N") or "1234"
wrk.method = "GET"
wrk.path = "/work?n=" .. n

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d bytes=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout))
  for _, p in ipairs({50, 75, 90, 99, 99.9, 99.99}) do
    io.write(string.format("PCT %g %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("PCT 100 %d\n", latency.max)) -- percentile(100) answers 0 in wrk 4.1
end
