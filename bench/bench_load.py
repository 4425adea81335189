"""Load test: gunicorn (2 workers) on PostgreSQL with the large seed, driven by wrk.

    DATABASE_URL=postgres://…/tremplin_bench REDIS_URL=redis://…/0 python bench/bench_load.py

Seeds `seed_demo --scale large` when the database does not hold it yet (reused afterwards), then
loads each page with 20 concurrent users for BENCH_LOAD_SECONDS (60 s) each: the learner space,
a trainer's roster, the catalogue and the certificate verification page, plus a template rendered
with no query (/banc/plancher/) as the floor. Prints requests per second, median and p95 latency,
errors, and each page's throughput as a share of the floor's.
Targets (issue 10): p95 < 150 ms, throughput ≥ 40 % of the floor, zero errors.

wrk is Debian's (`apt-get install wrk`; `make bench` installs it): written in C, it leaves the
two cores to gunicorn, where a Python load tool would take one of them. BENCH_LOAD_REPEAT=3 runs
every page three times and prints the medians.
"""

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", 60))
REPEAT = int(os.environ.get("BENCH_LOAD_REPEAT", 1))
USERS = 20
TARGET_P95_MS, TARGET_SHARE = 150, 0.40

LUA = r"""
local targets = %(targets)s
local threads = {}
local counter = 0
function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end
function init(args)
  errors = 0
  i = offset
end
function request()
  i = i %% #targets + 1
  local t = targets[i]
  local headers = {["X-Forwarded-Proto"] = "https", ["Host"] = "127.0.0.1"}
  if t[2] ~= "" then headers["Cookie"] = t[2] end
  return wrk.format("GET", t[1], headers)
end
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
function done(summary, latency, requests)
  local e = 0
  for _, t in ipairs(threads) do e = e + t:get("errors") end
  local s = summary.errors
  io.write(string.format(
    "RESULT {\"requests\": %%d, \"duration_us\": %%d, \"p50_us\": %%d, \"p95_us\": %%d, \"p99_us\": %%d, "
    .. "\"status_errors\": %%d, \"socket_errors\": %%d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e, s.connect + s.read + s.write + s.timeout))
end
"""


def _env(port):
    env = dict(os.environ)
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("bench_load : DATABASE_URL doit désigner une base PostgreSQL.")
    env.update(
        DEBUG="false",
        SECRET_KEY=env.get(
            "BENCH_SECRET_KEY", "banc-d-essai-cle-secrete-non-utilisee-en-production-0123456789"
        ),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        BENCH_FLOOR_VIEW="true",
        CONN_MAX_AGE="60",
        PYTHONPATH=str(ROOT),
    )
    return env


def _manage(env, *args, capture=False):
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    if capture:
        return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    subprocess.run(command, env=env, check=True)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - local URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"bench_load : {url} ne répond pas.")


def _check(base, targets):
    """Every request answers 200 before the load starts (a 302 to the login page would be 'fast')."""
    for path, cookie in targets:
        headers = {"X-Forwarded-Proto": "https"} | ({"Cookie": cookie} if cookie else {})
        request = urllib.request.Request(base + path, headers=headers)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            raise SystemExit(f"bench_load : {path} répond {status}.")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wrk(base, targets, seconds, workdir):
    lua_targets = "{" + ", ".join(f"{{{json.dumps(p)}, {json.dumps(c)}}}" for p, c in targets) + "}"
    script = Path(workdir) / "load.lua"
    script.write_text(LUA % {"targets": lua_targets})
    out = subprocess.run(
        ["wrk", "-t2", f"-c{USERS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    data = json.loads(line[len("RESULT ") :])
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50_us"] / 1000,
        "p95": data["p95_us"] / 1000,
        "p99": data["p99_us"] / 1000,
        "errors": data["status_errors"] + data["socket_errors"],
        "requests": data["requests"],
    }


def _load():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def main():
    if shutil.which("wrk") is None:
        print("bench_load : wrk manque (apt-get install wrk) ; test de charge non lancé.")
        return
    port = _free_port()
    env = _env(port)
    started = time.monotonic()
    _manage(env, "migrate", "--noinput", "-v0")
    seeded = _manage(env, "seed_demo", "--scale", "large", "--force", capture=True)
    print(next((line.strip() for line in seeded.splitlines() if "Jeu « large »" in line), "").strip())
    print(f"  (préparation {time.monotonic() - started:.0f} s)")
    _manage(env, "collectstatic", "--noinput", "-v0")
    targets = json.loads(
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "load_targets.py")],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lms.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    results = {name: [] for name in targets}
    try:
        _wait(base + "/sante/")
        for page_targets in targets.values():
            _check(base, page_targets)
        with tempfile.TemporaryDirectory() as workdir:
            _wrk(base, targets["plancher"], 3, workdir)  # warm both workers up
            for round_ in range(REPEAT):
                for name, page_targets in targets.items():
                    result = _wrk(base, page_targets, SECONDS, workdir)
                    result["load"] = _load()
                    results[name].append(result)
                    print(
                        f"  [{round_ + 1}/{REPEAT}] {name:<18} {result['rps']:7.1f} req/s  "
                        f"p50 {result['p50']:6.1f} ms  p95 {result['p95']:6.1f} ms  "
                        f"erreurs {result['errors']}  (charge machine {result['load']:.1f})",
                        flush=True,
                    )
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
    _report(results)


def _report(results):
    median = {
        name: {key: statistics.median(r[key] for r in runs) for key in ("rps", "p50", "p95", "p99", "load")}
        | {"errors": sum(r["errors"] for r in runs), "requests": sum(r["requests"] for r in runs)}
        for name, runs in results.items()
    }
    floor = median["plancher"]["rps"]
    repeat = len(next(iter(results.values())))
    print(
        f"Charge : {USERS} utilisateurs simultanés, {SECONDS} s par page, gunicorn 2 workers"
        + (f", médianes de {repeat} passages" if repeat > 1 else "")
    )
    heads = ("req/s", "p50 ms", "p95 ms", "p99 ms", "erreurs")
    print(f"  {'page':<18} " + " ".join(f"{h:>8}" for h in heads) + f" {'/ plancher':>11}  cibles")
    for name, m in median.items():
        share = m["rps"] / floor if floor else 0
        if name == "plancher":
            verdict = "référence"
        else:
            ok = m["p95"] < TARGET_P95_MS and share >= TARGET_SHARE and m["errors"] == 0
            verdict = "atteintes" if ok else "MANQUÉES"
        print(
            f"  {name:<18} {m['rps']:8.1f} {m['p50']:8.1f} {m['p95']:8.1f} {m['p99']:8.1f} "
            f"{m['errors']:8d} {share:10.0%}  {verdict}"
        )
    print(f"  cibles : p95 < {TARGET_P95_MS} ms, débit ≥ {TARGET_SHARE:.0%} du plancher, aucune erreur")
    load = statistics.median(m["load"] for m in median.values())
    print(f"  charge de la machine (load average) pendant les mesures : {load:.1f} pour 2 cœurs")


if __name__ == "__main__":
    main()
