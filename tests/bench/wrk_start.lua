-- wrk script for the benchmark scripts: every request is a new assessment.start (the start fixture
-- with an application id of its own), authenticated as Ashby does it, and every reply must be a
-- success. Environment: AK_BENCH_START_BODY (the fixture's path), AK_BENCH_AUTHORIZATION (the
-- Authorization header), AK_BENCH_RUN (a name that sets this run's application ids apart from
-- those of runs at once on one store). done() prints "failed replies: N" for the replies that were
-- not {"success":true,...} with status 200.

local threads = {}
local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_number", thread_number)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("AK_BENCH_START_BODY"), "rb"))
  local fixture = file:read("*a")
  file:close()
  local at, ends = fixture:find('"app_123abc"', 1, true)
  assert(at, "the start fixture names application app_123abc")
  body_before = fixture:sub(1, at)
  body_after = fixture:sub(ends)
  authorization = os.getenv("AK_BENCH_AUTHORIZATION")
  run = os.getenv("AK_BENCH_RUN") or ""
  sent = 0
  failures = 0
end

function request()
  sent = sent + 1
  local body = body_before .. "app_bench_" .. run .. "_" .. thread_number .. "_" .. sent .. body_after
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = authorization}, body)
end

function response(status, headers, body)
  if status ~= 200 or not body:find('"success":true', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
  end
  io.write(string.format("failed replies: %d\n", failed))
end
