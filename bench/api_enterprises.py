"""Enterprise list API under concurrent load against gunicorn (issue 2 target: >= 800 req/s, p99 <= 50 ms
on 2 cores at `large` scale on PostgreSQL).

Runs side by side, on the same server and database in the same run:
  baseline   GET /api/v1/regions/               (a small reference list through the same stack)
  measured   GET /api/v1/enterprises/           (1,000,000 enterprises, scoped to the caller)
  measured   GET /api/v1/enterprises/?q=电器     (Chinese word search)
and prints p50/p99 latency, requests per second and the ratio to the baseline.

  .venv/bin/python bench/api_enterprises.py --database-url postgres://postgres@127.0.0.1:5432/zj_demo_large

Load comes from wrk (Debian package `wrk`; installed here when running as root).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LUA = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, \\"p99_us\\": %d, "
    .. "\\"errors\\": %d, \\"non2xx\\": %d}\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        return shutil.which("wrk") or "wrk"
    sys.exit("wrk is needed: apt-get install wrk")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(port: int, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    sys.exit("gunicorn did not start")


def token(base: str, username: str, password: str) -> str:
    data = json.dumps({"username": username, "password": password}).encode()
    req = urllib.request.Request(f"{base}/api/v1/auth/token/", data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)["token"]


def run_wrk(wrk: str, url: str, tok: str, args: argparse.Namespace, script: str) -> dict:
    cmd = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "5s",
           "-H", f"Authorization: Token {tok}", "-s", script, url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    result = json.loads(re.search(r"^JSON (.*)$", out, re.M).group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("ZHIJIAN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zj_demo_large"))
    parser.add_argument("--user", default="xian")
    parser.add_argument("--password", default="zhijian-demo")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=20, help="seconds per scenario")
    parser.add_argument("--redis-url", default="", help="use Redis for the cache (e.g. redis://127.0.0.1:6379/0)")
    parser.add_argument("--list-cache-seconds", type=int, default=0,
                        help="ZHIJIAN_API_LIST_CACHE_SECONDS (needs --redis-url so all workers share it)")
    args = parser.parse_args()

    wrk = ensure_wrk()
    port = free_port()
    var = tempfile.mkdtemp(prefix="zj-bench-")
    env = {**os.environ, "ZHIJIAN_DATABASE_URL": args.database_url, "ZHIJIAN_DEBUG": "0", "ZHIJIAN_DEMO": "1",
           "ZHIJIAN_SECRET_KEY": "bench-only-secret-key-0123456789abcdef", "ZHIJIAN_VAR_DIR": var,
           "ZHIJIAN_ALLOWED_HOSTS": "127.0.0.1,localhost", "ZHIJIAN_TASK_BACKEND": "immediate",
           "ZHIJIAN_LOGIN_FAILURE_LIMIT": "1000", "ZHIJIAN_REDIS_URL": args.redis_url,
           "ZHIJIAN_API_LIST_CACHE_SECONDS": str(args.list_cache_seconds)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "zhijian.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        env=env, cwd=ROOT,
    )
    try:
        wait(port)
        base = f"http://127.0.0.1:{port}"
        tok = token(base, args.user, args.password)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
            fh.write(LUA)
        scenarios = [
            ("baseline: regions list", f"{base}/api/v1/regions/"),
            ("enterprise list", f"{base}/api/v1/enterprises/"),
            ("enterprise search 电器", f"{base}/api/v1/enterprises/?q={urllib.parse.quote('电器')}"),
        ]
        for _label, url in scenarios:  # warm caches and connections once
            urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Token {tok}"}), timeout=60).read()
        results = [(label, run_wrk(wrk, url, tok, args, fh.name)) for label, url in scenarios]
    finally:
        server.terminate()
        server.wait(timeout=20)
    base_rps = results[0][1]["rps"]
    print(f"gunicorn workers={args.workers}, wrk threads={args.threads} connections={args.connections}, "
          f"{args.duration}s per scenario, user={args.user}, db={args.database_url.rsplit('/', 1)[-1]}, "
          f"cache={'redis' if args.redis_url else 'per-process'}, list cache={args.list_cache_seconds}s")
    print(f"{'scenario':<28}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}{'vs baseline':>13}")
    for label, r in results:
        print(f"{label:<28}{r['rps']:>10.0f}{r['p50_us'] / 1000:>10.1f}{r['p99_us'] / 1000:>10.1f}"
              f"{r['errors'] + r['non2xx']:>8}{r['rps'] / base_rps:>12.2f}x")
    print("targets: enterprise list >= 800 req/s and p99 <= 50 ms")


if __name__ == "__main__":
    main()
