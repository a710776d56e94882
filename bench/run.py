"""`make bench`: build a large school in PostgreSQL, serve it with gunicorn (2 workers) and measure the main pages.

Writes docs/PERFORMANCE.md. Needs a PostgreSQL role that may create databases (BENCH_DATABASE_URL; the database in
it is dropped and recreated) and runs for a few minutes. Sizes: BENCH_SIZES (default "2000,20000" pupils).
"""

import http.client
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://klimop:klimop@127.0.0.1:5432/klimop_bench")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "2000,20000").split(",")]
PORT = int(os.environ.get("BENCH_PORT", "8931"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))
CONCURRENT_USERS = 20
CONCURRENT_SECONDS = int(os.environ.get("BENCH_CONCURRENT_SECONDS", "60"))

ENV = {
    "DATABASE_URL": DATABASE_URL,
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
}
os.environ.update(ENV)


def recreate_database() -> None:
    import psycopg2

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        dbname="postgres", user=parts.username, password=parts.password, host=parts.hostname, port=parts.port or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def pages(ids: dict) -> dict[str, tuple[str, str]]:
    """name -> (path, who)."""
    return {
        "floor (signed-in, no data)": ("/portaal/hulp/", "ib"),
        "public profile": ("/ondersteuningsprofiel/", "anonymous"),
        "IB queue": ("/ondersteuning/", "ib"),
        "IB queue, filtered": ("/ondersteuning/?status=arrangement&urgentie=hoog&sorteer=urgentie", "ib"),
        "case page (200 steps)": (f"/ondersteuning/{ids['vraag']}/", "ib"),
        "pupil search": ("/leerlingen/?q=daan", "ib"),
        "parent portal": ("/ouders/", "ouder"),
        "parent child page": (f"/ouders/kinderen/{ids['kind']}/", "ouder"),
        "parent case page (200 steps)": (f"/ouders/vragen/{ids['vraag']}/", "ouder"),
    }


def session_for(user_id: int, *, staff: bool) -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(pk=user_id)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    if staff:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


def count_queries(page_list: dict, cookies: dict) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, (path, who) in page_list.items():
        client = Client()
        if who != "anonymous":
            client.cookies["sessionid"] = cookies[who]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries.captured_queries)
    return counts


def request(path: str, cookie: str | None) -> tuple[int, float, float]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    start = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    wall = (time.perf_counter() - start) * 1000
    timing = response.getheader("Server-Timing", "app;dur=nan")
    connection.close()
    return response.status, float(timing.split("dur=")[1]), wall


def measure(page_list: dict, cookies: dict) -> dict[str, dict]:
    results = {}
    for name, (path, who) in page_list.items():
        cookie = cookies.get(who)
        for _ in range(5):
            request(path, cookie)
        samples = [request(path, cookie) for _ in range(REQUESTS)]
        assert all(status == 200 for status, _, _ in samples), (name, {s for s, _, _ in samples})
        server = sorted(s for _, s, _ in samples)
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(request, [path] * REQUESTS, [cookie] * REQUESTS))
        rps = REQUESTS / (time.perf_counter() - start)
        results[name] = {
            "median": statistics.median(server),
            "p95": server[int(len(server) * 0.95) - 1],
            "rps": rps,
        }
    return results


def concurrent_users(page_list: dict, cookies: dict) -> dict:
    stop = time.monotonic() + CONCURRENT_SECONDS
    lock = threading.Lock()
    tally = {"requests": 0, "errors": 0, "statuses": {}}
    routes = [(path, cookies.get(who)) for name, (path, who) in page_list.items()]

    def user(index: int) -> None:
        n = index
        while time.monotonic() < stop:
            path, cookie = routes[n % len(routes)]
            n += 1
            try:
                status, _, _ = request(path, cookie)
            except OSError:
                status = 0
            with lock:
                tally["requests"] += 1
                tally["statuses"][status] = tally["statuses"].get(status, 0) + 1
                if status != 200:
                    tally["errors"] += 1

    threads = [threading.Thread(target=user, args=(i,)) for i in range(CONCURRENT_USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally["rps"] = tally["requests"] / CONCURRENT_SECONDS
    return tally


def start_server() -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "klimop.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT,
        env={**os.environ, **ENV},
    )
    for _ in range(100):
        try:
            request("/", None)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def run_size(leerlingen: int, *, concurrency: bool) -> dict:
    import django
    from django.core.management import call_command
    from django.db import connections

    from bench.generate import build

    connections.close_all()
    recreate_database()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    ids = build(leerlingen=leerlingen)
    generated = time.perf_counter() - start
    cookies = {"ib": session_for(ids["ib"], staff=True), "ouder": session_for(ids["ouder"], staff=False)}
    page_list = pages(ids)
    queries = count_queries(page_list, cookies)
    connections.close_all()
    server = start_server()
    try:
        timings = measure(page_list, cookies)
        load = concurrent_users(page_list, cookies) if concurrency else None
    finally:
        server.terminate()
        server.wait(timeout=30)
    from ondersteuning.models import Ondersteuningsvraag, Stap

    counts = {"vragen": Ondersteuningsvraag.objects.count(), "stappen": Stap.objects.count()}
    connections.close_all()
    del django
    return {
        "leerlingen": leerlingen,
        "generated": generated,
        "queries": queries,
        "timings": timings,
        "load": load,
        **counts,
    }


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
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB memory, {python}"


def report(runs: list[dict], total: float) -> str:
    small, large = runs[0], runs[-1]
    floor = large["timings"]["floor (signed-in, no data)"]["median"]
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` (bench/run.py) on {time.strftime('%Y-%m-%d')}: {machine()}.",
        "PostgreSQL on 127.0.0.1, gunicorn with 2 sync workers, `DEBUG=0`, persistent connections. "
        f"Total run: {total:.0f} s.",
        "Server time is Django's own time per request (the `Server-Timing` header, on only for the benchmark), over "
        f"{REQUESTS} sequential requests after 5 warm-up requests; "
        f"requests/s is {REQUESTS} requests from 4 client threads.",
        "",
        "| size | pupils | cases | steps | generated in |",
        "|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run['leerlingen']:,} pupils | {run['leerlingen']:,} | {run['vragen']:,} | {run['stappen']:,} "
            f"| {run['generated']:.0f} s |"
        )
    lines += [
        "",
        f"## Pages at {large['leerlingen']:,} pupils",
        "",
        "| page | queries (small / large) | median ms | p95 ms | × floor | requests/s | growth ×10 data |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, t in large["timings"].items():
        growth = t["median"] / small["timings"][name]["median"]
        lines.append(
            f"| {name} | {small['queries'][name]} / {large['queries'][name]} | {t['median']:.1f} | {t['p95']:.1f} | "
            f"{t['median'] / floor:.1f} | {t['rps']:.0f} | {growth:.2f} |"
        )
    lines += [
        "",
        f"## Pages at {small['leerlingen']:,} pupils",
        "",
        "| page | median ms | p95 ms | requests/s |",
        "|---|---|---|---|",
    ]
    for name, t in small["timings"].items():
        lines.append(f"| {name} | {t['median']:.1f} | {t['p95']:.1f} | {t['rps']:.0f} |")
    load = large["load"]
    if load:
        lines += [
            "",
            f"## {CONCURRENT_USERS} concurrent users for {CONCURRENT_SECONDS} s",
            "",
            f"{load['requests']:,} requests over all pages above ({load['rps']:.0f}/s), {load['errors']} errors; "
            f"statuses: {', '.join(f'{k}: {v}' for k, v in sorted(load['statuses'].items()))}.",
        ]
    lines += ["", "## Targets", ""] + targets(small, large, floor)
    return "\n".join(lines) + "\n"


def targets(small: dict, large: dict, floor: float) -> list[str]:
    out = []
    worst_queries = max(large["queries"].values())
    same = all(small["queries"][n] == large["queries"][n] for n in large["queries"])
    out.append(f"- every page ≤ 12 queries: {'met' if worst_queries <= 12 else 'MISSED'} (most: {worst_queries})")
    out.append(f"- same query count at both sizes: {'met' if same else 'MISSED'}")
    for name in (
        "IB queue",
        "IB queue, filtered",
        "case page (200 steps)",
        "pupil search",
        "parent portal",
        "parent child page",
    ):
        ratio = large["timings"][name]["median"] / floor
        out.append(f"- {name} median ≤ 5× floor: {'met' if ratio <= 5 else 'MISSED'} ({ratio:.1f}×)")
    for name in large["timings"]:
        growth = large["timings"][name]["median"] / small["timings"][name]["median"]
        if growth > 1.3:
            out.append(f"- {name}: 10× the data costs {growth:.2f}× the time (target ≤ 1.3×): MISSED")
    if not any("10× the data" in line for line in out):
        out.append("- 10× the data costs ≤ 1.3× the time on every page: met")
    load = large["load"]
    if load:
        verdict = "met" if load["errors"] == 0 else "MISSED"
        out.append(f"- {CONCURRENT_USERS} concurrent users for a minute with zero errors: {verdict}")
    return out


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    start = time.perf_counter()
    runs = []
    for index, size in enumerate(SIZES):
        print(f"bench: {size} pupils …", flush=True)
        runs.append(run_size(size, concurrency=index == len(SIZES) - 1))
    text = report(runs, time.perf_counter() - start)
    (ROOT / "docs" / "PERFORMANCE.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
