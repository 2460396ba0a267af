"""Shared helpers of scripts/bench-server and scripts/bench-plumbing.

Servers, Redis and wrk run on this machine only, over loopback. When the
machine has two cores or more, servers are pinned to core 0 with one tokio
worker thread and wrk (and Redis) to core 1, so load generator and server do
not fight over a core; every figure is then per server core.
"""
import atexit
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target")))
DEV_TOKEN = "dev-token"

_children = []


def _kill_children():
    for child in _children:
        if child.poll() is None:
            child.kill()
            child.wait()


atexit.register(_kill_children)

PIN = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2


def pinned(command, core):
    """`command` pinned to `core` when pinning is on."""
    return ["taskset", "-c", str(core), *command] if PIN else list(command)


def find_wrk(script):
    """The wrk binary, installed with apt-get when missing and possible;
    None (after saying why) when it cannot be had."""
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if shutil.which("apt-get") and os.geteuid() == 0:
        print(f"{script}: installing wrk (apt-get install wrk)", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, stdout=subprocess.DEVNULL,
                       check=False)
        wrk = shutil.which("wrk")
    if not wrk:
        print(f"{script}: skipped, wrk is not installed and could not be (apt-get install wrk)")
    return wrk


PROFILE = "release"  # the cargo profile binaries are built with and read from


def cargo_build(packages, features=()):
    command = ["cargo", "build", "--profile", PROFILE, "-q"]
    for package in packages:
        command += ["-p", package]
    if features:
        command += ["--features", ",".join(features)]
    print(f"building: {' '.join(command)}", flush=True)
    subprocess.run(command, cwd=ROOT, check=True, env=dict(os.environ, CARGO_TARGET_DIR=str(TARGET)))


BINARIES = None  # a directory of prebuilt binaries, when set


def binary(name):
    return str(Path(BINARIES) / name) if BINARIES else str(TARGET / PROFILE / name)


def rss_mib(process):
    """The resident memory of a running process, in MiB (None if gone)."""
    try:
        with open(f"/proc/{process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(command, ready_prefix, env=None, timeout=30):
    """Starts a server pinned to core 0 (one tokio worker) and returns
    (process, base URL) once it printed `ready_prefix` + `http://ADDR`."""
    env = dict(os.environ, RUST_LOG="warn", **(env or {}))
    if PIN:
        env["TOKIO_WORKER_THREADS"] = "1"
    process = subprocess.Popen(pinned(command, 0), stdout=subprocess.PIPE, text=True, env=env)
    _children.append(process)
    found = {}
    ready = threading.Event()

    def drain():
        for line in process.stdout:
            if "base" not in found and line.startswith(ready_prefix):
                found["base"] = "http://" + line[len(ready_prefix):].split()[0].removeprefix("http://")
                ready.set()
        ready.set()

    threading.Thread(target=drain, daemon=True).start()
    if not ready.wait(timeout) or "base" not in found:
        process.kill()
        raise RuntimeError(f"{command[0]} did not start (exit {process.poll()})")
    return process, found["base"]


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_redis():
    """A redis-server (no persistence) on a free port in a temporary
    directory, pinned with wrk; (process, URL), or None when it is not
    installed."""
    if not shutil.which("redis-server"):
        return None
    directory = tempfile.mkdtemp(prefix="bench-redis-")
    port = free_port()
    process = subprocess.Popen(
        pinned(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", directory], 1),
        stdout=subprocess.DEVNULL)
    _children.append(process)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(7) == b"+PONG\r\n":
                    return process, f"redis://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("redis-server did not start")


def request(method, url, body=None, headers=None):
    """(status, headers, parsed JSON body or None)."""
    data = json.dumps(body).encode() if body is not None else None
    all_headers = {"authorization": f"Bearer {DEV_TOKEN}", **(headers or {})}
    if data is not None:
        all_headers["content-type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            raw = response.read()
            return response.status, response.headers, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, error.headers, json.loads(raw) if raw else None


def expect(status, wanted, what):
    if status != wanted:
        sys.exit(f"{what}: status {status}, expected {wanted}")


def lua_script(method, path, body=None, headers=None, unique_header=None):
    """A wrk script sending `method path` with `body` and `headers`; every
    `@N@` in the body, and the header `unique_header` if given, get a value
    unique to the request (run label, wrk thread, counter). The run label is
    the script's first argument (`wrk ... -- LABEL`)."""
    headers = {"Authorization": f"Bearer {DEV_TOKEN}", **(headers or {})}
    if body is not None:
        headers["Content-Type"] = "application/json"
    header_lines = "\n".join(f'  ["{k}"] = [==[{v}]==],' for k, v in headers.items())
    body_lua = f"[==[{json.dumps(body)}]==]" if body is not None else "nil"
    unique = f'headers["{unique_header}"] = id' if unique_header else ""
    script = f"""
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local label = "R"
local n = 0
function init(args)
  label = (args[1] or "R") .. "T" .. tostring(tid)
end
headers = {{
{header_lines}
}}
local template = {body_lua}
function request()
  n = n + 1
  local id = label .. "-" .. n
  {unique}
  local body = template and string.gsub(template, "@N@", id) or nil
  return wrk.format("{method}", "{path}", headers, body)
end
"""
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    handle.write(script)
    handle.close()
    atexit.register(os.unlink, handle.name)
    return handle.name


def lua_source(source):
    """A wrk script file holding `source`."""
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    handle.write(source)
    handle.close()
    atexit.register(os.unlink, handle.name)
    return handle.name


def wrk_raw(wrk_binary, url, seconds, connections, script):
    """wrk's whole output for one run of `script` (its `done` may print)."""
    command = [wrk_binary, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url]
    return subprocess.run(pinned(command, 1), capture_output=True, text=True, check=True).stdout


_run_counter = 0


def cpu_seconds(pid):
    """The CPU time process `pid` has used (all threads), as (user,
    system) seconds; None where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            # Fields after the command's closing parenthesis; utime and
            # stime are the 14th and 15th of the whole line.
            fields = stat.read().rsplit(")", 1)[1].split()
        tick = os.sysconf("SC_CLK_TCK")
        return int(fields[11]) / tick, int(fields[12]) / tick
    except (OSError, ValueError, IndexError):
        return None


def wrk(wrk_binary, url, seconds, connections=32, script=None, warmup=1, pid=None):
    """Runs wrk (after a `warmup`-second run whose figures are dropped) and
    returns {rps, avg_ms, p99_ms, requests, bad, cpu_us, user_us}, `bad`
    counting non-2xx/3xx answers and socket errors, `cpu_us` the CPU time
    (user and system) server `pid` spent per request and `user_us` its
    user-space part (None without a pid): unlike requests a second, they
    do not move with the load generator's scheduling. The kernel's part is
    mostly loopback TCP, and it grows when the load generator sleeps more
    (a slower server wakes it more often), so the user-space part is the
    one that compares the servers' own code."""
    global _run_counter

    def run(duration):
        global _run_counter
        _run_counter += 1
        command = [wrk_binary, "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url]
        if script:
            command += ["-s", script, "--", f"W{_run_counter}"]
        return subprocess.run(pinned(command, 1), capture_output=True, text=True, check=True).stdout

    if warmup:
        run(warmup)
    before = cpu_seconds(pid) if pid else None
    out = run(seconds)
    after = cpu_seconds(pid) if pid else None
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors:
        bad += sum(int(n) for n in errors.groups())
    return {"rps": rps, "avg_ms": _millis(re.search(r"^\s*Latency\s+(\S+)", out, re.M).group(1)),
            "p50_ms": _millis(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1)),
            "p99_ms": _millis(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1)), "requests": requests, "bad": bad,
            **per_request(before, after, requests)}


def per_request(before, after, requests):
    """{cpu_us, user_us} between two `cpu_seconds` readings, per request."""
    if before is None or after is None or not requests:
        return {"cpu_us": None, "user_us": None}
    user, system = after[0] - before[0], after[1] - before[1]
    return {"cpu_us": (user + system) * 1e6 / requests, "user_us": user * 1e6 / requests}


def interleaved(wrk_binary, runs, seconds, connections, rounds, pids=None):
    """Runs every (name, url, script) of `runs` once per round, in turn, so
    that drift and background load spread over all of them; returns
    {name: figures} with the median of each figure over the rounds (`bad`
    summed). Only the first round warms up. `pids` ({name: server pid})
    adds each server's CPU time per request."""
    pids = pids or {}
    results = {name: [] for name, _, _ in runs}
    for round_ in range(rounds):
        for name, url, script in runs:
            results[name].append(wrk(wrk_binary, url, seconds, connections, script,
                                     warmup=1 if round_ == 0 else 0, pid=pids.get(name)))

    def summary(key, rs):
        if key == "bad":
            return sum(r[key] for r in rs)
        values = [r[key] for r in rs if r[key] is not None]
        return statistics.median(values) if values else None

    return {name: {key: summary(key, rs) for key in rs[0]} for name, rs in results.items()}


def _millis(text):
    value = float(re.match(r"[\d.]+", text).group(0))
    unit = text[len(re.match(r"[\d.]+", text).group(0)):]
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}.get(unit, 1.0)


def table(headers, rows):
    """Prints rows aligned under headers (text left, numbers right)."""
    cells = [headers] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row):
        return "  ".join(c.rjust(w) if re.match(r"^[\d.,x%-]+$", c) else c.ljust(w)
                         for c, w in zip(row, widths)).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(line(row))


def setup_line(seconds, connections, rounds):
    where = ("server on core 0 (1 tokio worker), wrk on core 1" if PIN
             else "no CPU pinning (taskset missing or one core)")
    return (f"wrk -t1 -c{connections}; median of {rounds} interleaved runs of {seconds} s (1 s warm-up first); "
            f"{where}; loopback only; RUST_LOG=warn; load average {os.getloadavg()[0]:.1f}")


def instructions_per_request(command, ready_prefix, prepare, routes, count, keep=None, cache=False):
    """Runs the server under callgrind and returns {route: {event: count per
    request}}, where `Ir` is the instructions the server ran: what the CPU
    is asked to do, the same on every run, where requests a second and CPU
    time swing with the machine's other load. Instrumentation is off while
    the server starts and `prepare(base)` runs (it returns what each route's
    `make(context, n)` needs); each route is sent 50 requests to warm up,
    then `count` measured ones, one after another on one keep-alive
    connection. `make` returns (method, path, body, headers) for the n-th
    request. `keep` names a directory to copy each route's callgrind profile
    into (`<keep>/<n>.callgrind`, for callgrind_annotate). With `cache`,
    callgrind also simulates the caches: the events then count first-level
    instruction-cache misses (`I1mr`) and data-cache misses (`D1m`, reads
    and writes). Returns None without valgrind."""
    import http.client
    from urllib.parse import urlparse
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        print("valgrind is not installed: no instruction counts (apt-get install valgrind)")
        return None
    out = tempfile.mkdtemp(prefix="callgrind-")
    atexit.register(shutil.rmtree, out, True)
    process, base = start_server(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--log-file={out}/valgrind.log",
         *(["--cache-sim=yes"] if cache else []),
         f"--callgrind-out-file={out}/cg.out", *command],
        ready_prefix, timeout=180)
    control = lambda *flags: subprocess.run(["callgrind_control", *flags, str(process.pid)], check=True,
                                            capture_output=True)
    context = prepare(base)
    url = urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)

    def send(make, first, n):
        for i in range(first, first + n):
            method, path, body, headers = make(context, i)
            all_headers = {"authorization": f"Bearer {DEV_TOKEN}", **(headers or {})}
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                all_headers["content-type"] = "application/json"
            connection.request(method, path, body=data, headers=all_headers)
            response = connection.getresponse()
            response.read()
            if response.status >= 300:
                raise RuntimeError(f"{method} {path}: status {response.status}")

    figures = {}
    for number, (route, make) in enumerate(routes, start=1):
        send(make, 0, 50)
        control("--instr=on")
        send(make, 50, count)
        control("--instr=off")
        control("--dump")
        dumped = Path(f"{out}/cg.out.{number}")
        text = dumped.read_text()
        events = re.search(r"^events:\s+(.+)$", text, re.M)
        totals = re.search(r"^totals:\s+(.+)$", text, re.M)
        if keep:
            shutil.copy(dumped, Path(keep) / f"{number}.callgrind")
        counted = dict(zip(events.group(1).split(), (int(n) / count for n in totals.group(1).split())))
        if cache:
            counted["D1m"] = counted["D1mr"] + counted["D1mw"]
        figures[route] = counted
    connection.close()
    stop(process)
    return figures
