"""`make bench`: generated schools of several sizes, each served by its own gunicorn (2 workers) on PostgreSQL,
every page a person lands on measured for its real role, pages and sizes interleaved in one run.

Honest by construction:
- all sizes are up at once and measured in the same rounds (each round visits every page at every size in a
  shuffled order), so machine noise falls on all of them alike;
- query counts are read from the server in steady state (after warm-up, so the once-a-minute session renewal
  does not count), through the Server-Timing header the benchmark turns on;
- two floors: the bare floor (a signed-in request that loads only the session and the user) and the layout
  floor (a signed-in page with the full layout and no data);
- targets as the issue sets them: ≤ 3× the layout floor (the overview ≤ 5×), ≤ 10 queries, the same count at
  every size, 10× the data ≤ 1.2× the time, and 50 concurrent users with 0 errors and at least half the
  floor's throughput.

Needs a PostgreSQL role that may create databases (BENCH_DATABASE_URL without the database name is used as the
server; databases klimop_bench_<size> are dropped and recreated). Writes the measured part of
docs/PERFORMANCE.md between its `bench` markers. Sizes: BENCH_SIZES (default "2000,20000").
"""

import http.client
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://klimop:klimop@127.0.0.1:5432/klimop_bench")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "2000,20000").split(",")]
PORT = int(os.environ.get("BENCH_PORT", "8931"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "25"))
CONCURRENT_USERS = int(os.environ.get("BENCH_USERS", "50"))
CONCURRENT_SECONDS = int(os.environ.get("BENCH_CONCURRENT_SECONDS", "30"))
CSRF = "b" * 32  # a fixed CSRF secret sent as cookie and header, for the pages that are a POST

ENV = {
    "DJANGO_SETTINGS_MODULE": "klimop.settings",
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "EMAIL_CONSOLE": "1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SERVER_TIMING": "1",
    "CONN_MAX_AGE": "60",
    "LOG_LEVEL": "WARNING",
    "PYTHONPATH": str(ROOT),
}

BARE_FLOOR = "bare floor"
LAYOUT_FLOOR = "layout floor"
OVERVIEW = "overview"


def pages(ids: dict) -> dict[str, tuple[str, str, str]]:
    """name -> (method, path, role). Every page a person lands on, for the role that really uses it."""
    vraag, kind = ids["vraag"], ids["kind"]
    return {
        BARE_FLOOR: ("GET", "/portaal/meldingen/aantal/", "ib"),
        LAYOUT_FLOOR: ("GET", "/portaal/hulp/", "ib"),
        "public profile": ("GET", "/ondersteuningsprofiel/", "anonymous"),
        "start page IB": ("GET", "/portaal/", "ib"),
        "start page directeur": ("GET", "/portaal/", "directeur"),
        "start page teacher": ("GET", "/portaal/", "leerkracht"),
        "start page trajectbegeleider": ("GET", "/portaal/", "trajectbegeleider"),
        "start page parent": ("GET", "/ouders/", "ouder"),
        OVERVIEW: ("GET", "/ondersteuning/overzicht/", "ib"),
        "ROD list": ("GET", "/ondersteuning/overzicht/plannen/", "ib"),
        "queue IB": ("GET", "/ondersteuning/", "ib"),
        "queue IB, filtered": ("GET", "/ondersteuning/?status=arrangement&urgentie=hoog&sorteer=urgentie", "ib"),
        "queue teacher": ("GET", "/ondersteuning/", "leerkracht"),
        "case page (200 steps)": ("GET", f"/ondersteuning/{vraag}/", "ib"),
        "parent case page (200 steps)": ("GET", f"/ouders/vragen/{vraag}/", "ouder"),
        "parent child page": ("GET", f"/ouders/kinderen/{kind}/", "ouder"),
        "print view": ("GET", f"/ondersteuning/{vraag}/afdrukken/", "ib"),
        "PDF": ("GET", f"/ondersteuning/{vraag}/pdf/", "ib"),
        "AVG export": ("POST", f"/leerlingen/{kind}/avg-export/", "directeur"),
        "pupil list": ("GET", "/leerlingen/", "ib"),
        "pupil search": ("GET", "/leerlingen/?q=daan", "ib"),
        "access log": ("GET", "/leerlingen/inzage/", "directeur"),
        "invite parents": ("GET", "/portaal/accounts/ouders-uitnodigen/", "directeur"),
        "accounts": ("GET", "/portaal/accounts/", "directeur"),
    }


def recreate_database(name: str) -> str:
    import psycopg2

    parts = urlsplit(SERVER_URL)
    admin = psycopg2.connect(
        dbname="postgres", user=parts.username, password=parts.password, host=parts.hostname, port=parts.port or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return parts._replace(path=f"/{name}").geturl()


def build(size: int) -> dict:
    """Generate one size in its own database (a subprocess, so each has its own Django settings)."""
    url = recreate_database(f"klimop_bench_{size}")
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bench.generate", str(size), out.name],
            cwd=ROOT,
            env={**os.environ, **ENV, "DATABASE_URL": url},
            check=True,
        )
        ids = json.loads(Path(out.name).read_text())
    ids["generated"] = time.perf_counter() - start
    ids["database_url"] = url
    return ids


def request(port: int, method: str, path: str, cookie: str | None) -> tuple[int, float, int]:
    """One request; returns the status, Django's server time in ms and the number of queries it ran."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    cookies = [f"csrftoken={CSRF}"] + ([f"sessionid={cookie}"] if cookie else [])
    headers = {"Cookie": "; ".join(cookies)}
    if method == "POST":
        headers.update({"X-CSRFToken": CSRF, "Content-Type": "application/x-www-form-urlencoded"})
    connection.request(method, path, body="" if method == "POST" else None, headers=headers)
    response = connection.getresponse()
    response.read()
    timing = dict(part.strip().split(";", 1) for part in response.getheader("Server-Timing", "app;dur=nan").split(","))
    connection.close()
    server = float(timing["app"].split("dur=")[1])
    queries = int(timing.get("db", 'desc="-1"').split('desc="')[1].split('"')[0])
    return response.status, server, queries


def start_server(port: int, database_url: str) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "klimop.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "--timeout", "120"],
        cwd=ROOT,
        env={**os.environ, **ENV, "DATABASE_URL": database_url},
    )  # fmt: skip
    for _ in range(150):
        try:
            request(port, "GET", "/", None)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def measure(servers: dict[int, dict]) -> dict[int, dict[str, dict]]:
    """Rounds over every (page, size) pair in a shuffled order; per pair the server times and query count."""
    pairs = [(size, name) for size, run in servers.items() for name in run["pages"]]
    samples: dict[tuple[int, str], list[float]] = {pair: [] for pair in pairs}
    queries: dict[tuple[int, str], int] = {}
    for size, name in pairs:  # warm-up, and the steady-state query count on the second request
        method, path, role = servers[size]["pages"][name]
        cookie = servers[size]["cookies"].get(role)
        for _ in range(2):
            status, _, count = request(servers[size]["port"], method, path, cookie)
            assert status == 200, (size, name, status)
        queries[(size, name)] = count
    rng = random.Random(1)
    for _ in range(ROUNDS):
        rng.shuffle(pairs)
        for size, name in pairs:
            method, path, role = servers[size]["pages"][name]
            status, server, _ = request(servers[size]["port"], method, path, servers[size]["cookies"].get(role))
            assert status == 200, (size, name, status)
            samples[(size, name)].append(server)
    results: dict[int, dict[str, dict]] = {size: {} for size in servers}
    for (size, name), times in samples.items():
        times.sort()
        results[size][name] = {
            "median": statistics.median(times),
            "p95": times[max(0, int(len(times) * 0.95) - 1)],
            "queries": queries[(size, name)],
        }
    return results


def load(server: dict, names: list[str]) -> dict:
    """CONCURRENT_USERS users in parallel over `names` for CONCURRENT_SECONDS: requests, errors, throughput."""
    stop = time.monotonic() + CONCURRENT_SECONDS
    lock = threading.Lock()
    tally = {"requests": 0, "errors": 0, "statuses": {}, "times": []}
    routes = [server["pages"][name] for name in names]

    def user(index: int) -> None:
        n = index
        while time.monotonic() < stop:
            method, path, role = routes[n % len(routes)]
            n += 1
            start = time.perf_counter()
            try:
                status, _, _ = request(server["port"], method, path, server["cookies"].get(role))
            except OSError:
                status = 0
            with lock:
                tally["requests"] += 1
                tally["times"].append((time.perf_counter() - start) * 1000)
                tally["statuses"][status] = tally["statuses"].get(status, 0) + 1
                tally["errors"] += status != 200

    threads = [threading.Thread(target=user, args=(i,)) for i in range(CONCURRENT_USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally["rps"] = tally["requests"] / CONCURRENT_SECONDS
    tally["p50"] = statistics.median(tally.pop("times") or [0])
    return tally


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    except OSError:
        memory = 0
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} GiB, {platform.python_implementation()} {platform.python_version()}"
    )


def verdicts(results: dict[int, dict[str, dict]], sizes: list[int]) -> tuple[list[str], list[str]]:
    """(table rows, target lines) for the report."""
    small, large = sizes[0], sizes[-1]
    big = results[large]
    bare, layout = big[BARE_FLOOR]["median"], big[LAYOUT_FLOOR]["median"]
    rows, missed = [], []
    for name, t in big.items():
        counts = [results[size][name]["queries"] for size in sizes]
        growth = t["median"] / results[small][name]["median"]
        limit = 5 if name == OVERVIEW else 3
        ratio = t["median"] / layout
        checks = []
        if name not in (BARE_FLOOR, LAYOUT_FLOOR):
            if ratio > limit:
                checks.append(f"> {limit}× floor")
            if max(counts) > 10:
                checks.append("> 10 queries")
            if len(set(counts)) > 1:
                checks.append("queries grow")
            if len(sizes) > 1 and growth > 1.2:
                checks.append("growth > 1.2×")
        verdict = "met" if not checks else "MISSED: " + ", ".join(checks)
        if checks:
            missed.append(f"- {name}: {', '.join(checks)}")
        rows.append(
            f"| {name} | {' / '.join(map(str, counts))} | "
            + " | ".join(f"{results[size][name]['median']:.1f}" for size in sizes)
            + f" | {t['p95']:.1f} | {t['median'] / bare:.1f} | {ratio:.1f} | {growth:.2f} | {verdict} |"
        )
    return rows, missed


def report(runs: dict[int, dict], results: dict, loads: dict, total: float) -> str:
    sizes = sorted(runs)
    rows, missed = verdicts(results, sizes)
    lines = [
        f"Measured by `make bench` (bench/run.py) on {time.strftime('%Y-%m-%d')}: {machine()}; total {total:.0f} s.",
        "PostgreSQL on 127.0.0.1, one gunicorn (2 sync workers, `DEBUG=0`, persistent connections) per size, all "
        f"sizes up at once; {ROUNDS} rounds, each visiting every page at every size in a shuffled order. Times are "
        "Django's own time per request (`Server-Timing`), queries are counted by the server in steady state.",
        "",
        "| size | pupils | school years | groups | cases | steps | access log | generated in |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        r = runs[size]
        lines.append(
            f"| {size:,} | {r['leerlingen']:,} | {r['schooljaren']} | {r['groepen']:,} | {r['vragen']:,} | "
            f"{r['stappen']:,} | {r['inzagen']:,} | {r['generated']:.0f} s |"
        )
    header = " | ".join(f"median ms at {size:,}" for size in sizes)
    lines += [
        "",
        f"| page | queries ({' / '.join(f'{s:,}' for s in sizes)}) | {header} | p95 ms at {sizes[-1]:,} | "
        "× bare floor | × layout floor | growth | target |",
        "|---|---|" + "---|" * len(sizes) + "---|---|---|---|---|",
        *rows,
        "",
        f"## {CONCURRENT_USERS} concurrent users for {CONCURRENT_SECONDS} s at {sizes[-1]:,} pupils",
        "",
        "| mix | requests | requests/s | p50 ms | errors |",
        "|---|---|---|---|---|",
    ]
    for label, tally in loads.items():
        lines.append(
            f"| {label} | {tally['requests']:,} | {tally['rps']:.0f} | {tally['p50']:.0f} | {tally['errors']} |"
        )
    mixed, floor = loads["all pages"], loads["layout floor only"]
    half = mixed["rps"] >= floor["rps"] / 2
    if mixed["errors"] or not half:
        missed.append(
            f"- {CONCURRENT_USERS} concurrent users: {mixed['errors']} errors, {mixed['rps']:.0f}/s against the "
            f"floor's {floor['rps']:.0f}/s (target: 0 errors and at least half)"
        )
    lines += ["", "### Targets missed", "", *(missed or ["- none"])]
    return "\n".join(lines) + "\n"


def write_report(text: str) -> None:
    path = ROOT / "docs" / "PERFORMANCE.md"
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    current = path.read_text() if path.exists() else f"# Performance\n\n{begin}\n{end}\n"
    if begin not in current:
        current = current.rstrip() + f"\n\n## Latest run\n\n{begin}\n{end}\n"
    head, rest = current.split(begin, 1)
    path.write_text(f"{head}{begin}\n{text}{end}{rest.split(end, 1)[1]}")


def main() -> None:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **ENV, "DATABASE_URL": SERVER_URL},
        check=True,
    )
    runs, servers, processes = {}, {}, []
    try:
        for index, size in enumerate(SIZES):
            print(f"bench: generating {size:,} pupils …", flush=True)
            runs[size] = build(size)
            port = PORT + index
            processes.append(start_server(port, runs[size]["database_url"]))
            servers[size] = {"port": port, "pages": pages(runs[size]), "cookies": runs[size]["cookies"]}
        print(f"bench: {ROUNDS} interleaved rounds over {len(SIZES)} sizes …", flush=True)
        results = measure(servers)
        largest = servers[SIZES[-1]]
        print("bench: concurrent users …", flush=True)
        loads = {
            "layout floor only": load(largest, [LAYOUT_FLOOR]),
            "all pages": load(largest, list(largest["pages"])),
        }
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
    text = report(runs, results, loads, time.perf_counter() - start)
    write_report(text)
    print(text)


if __name__ == "__main__":
    main()
