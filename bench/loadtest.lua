-- wrk script: rotate through search and case pages, count non-2xx answers, print percentiles.
local paths = {
  "/search/?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83",            -- 营商环境
  "/search/?q=%E5%B8%A6%E6%8A%BC%E8%BF%87%E6%88%B7",            -- 带押过户
  "/search/?q=%E7%A8%8E&region=guangzhou",                      -- 税 in 广州市
  "/search/?region=guangdong&indicator=getting-electricity",
  "/search/?q=%E7%87%9F%E5%95%86%E7%92%B0%E5%A2%83",            -- 營商環境
  "/reforms/1/", "/reforms/50/", "/reforms/80/", "/reforms/115/",
}
local i = 0
local errors = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["X-Forwarded-Proto"] = "https" })
end
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d in %.1fs: %.1f req/s\n", summary.requests, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50 %.1fms p95 %.1fms p99 %.1fms max %.1fms\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  local e = summary.errors
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, status %d\n", e.connect, e.read, e.write,
    e.timeout, e.status))
end
