-- wrk script for Scripts/bench_web.py: counts responses other than 200 (wrk itself counts
-- a redirect to the sign-in page as a success) and prints the figures wrk's --latency
-- report lacks, one "name value" a line, latencies in milliseconds.
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    not_ok = 0
end

function response(status, headers, body)
    if status ~= 200 then
        not_ok = not_ok + 1
    end
end

function done(summary, latency, requests)
    local not_200 = 0
    for _, thread in ipairs(threads) do
        not_200 = not_200 + thread:get("not_ok")
    end
    local errors = summary.errors
    io.write(string.format("requests %d\nseconds %.3f\n", summary.requests, summary.duration / 1e6))
    for _, p in ipairs({50, 95, 99}) do
        io.write(string.format("p%d %.2f\n", p, latency:percentile(p) / 1000))
    end
    io.write(string.format("max %.2f\nnot_200 %d\nsocket_errors %d\n", latency.max / 1000, not_200,
        errors.connect + errors.read + errors.write + errors.timeout))
end
