-- wrk script: each thread replays its own file of JSON bodies (one a line) as POSTs, in order,
-- wrapping around if the run outlasts the file. At the end it prints one line of JSON with the
-- figures and how many requests each thread sent, for the bench to read.
-- Usage: wrk ... -s replay.lua URL -- <file pattern with %d for the thread> <path>
-- The API key comes from the BENCH_API_KEY environment variable, not the command line.

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = string.format(args[1], thread_index)
  local path = args[2]
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-API-Key"] = os.getenv("BENCH_API_KEY") or "",
  }
  prepared = {}
  for line in io.lines(file) do
    if #line > 0 then
      prepared[#prepared + 1] = wrk.format("POST", path, headers, line)
    end
  end
  cursor = 0
  sent = 0
end

function request()
  sent = sent + 1
  cursor = cursor + 1
  if cursor > #prepared then
    cursor = 1
  end
  return prepared[cursor]
end

function done(summary, latency, requests)
  local sent_by_thread = {}
  for _, thread in ipairs(threads) do
    sent_by_thread[#sent_by_thread + 1] = tostring(thread:get("sent"))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,' ..
      '"status":%d,"timeout":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"sent":[%s]}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max,
    table.concat(sent_by_thread, ",")
  ))
end
