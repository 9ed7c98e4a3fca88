"""Load test for `make loadtest`: the real stack (gunicorn, 2 sync workers) under simulated learners.

    make loadtest                                   # SQLite (a fresh file in a temporary folder)
    DATABASE_URL=postgres://user@host/db make loadtest   # PostgreSQL: a fresh database beside `db`, dropped after

Set-up (not measured): migrate, load the built-in bank, make the learners and their sessions (signing in each one
would measure PBKDF2, which sign-in pays once per session; a sample of real sign-ins is measured instead), and
start the mock exams of the steady phase. Then, against gunicorn:

1. sign-in: a sample of real sign-ins (POST /accounts/login/).
2. ceiling, autosave, practice answer and the exam page, closed loop at 2, 4, 8 and 16 connections: the best throughput at which
   p99 stays within 100 ms, and each as a share of the ceiling's (bench/ceiling.py: one indexed read and one small
   write through the same middleware).
3. start storm: N learners (500) start a full mock exam within one second.
4. steady exam: M learners (5,000) each save an answer every 30 s on average (Poisson arrivals, about 170 saves/s),
   with an exam page load for about every 40th save, then a sample of them submit.

The load generator is asyncio on raw sockets (each request a new connection, as gunicorn's sync workers close
them). Every run reports where the machine's CPU went meanwhile (MachineCpu): the app servers, a database server on
this machine, the load generator, other processes and the hypervisor's steal; a run that shared the machine with
other work is marked, as its figures are not comparable with a quiet run's. Results go to bench/results/ as JSON
and Markdown.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.notes import notes_in_style  # noqa: E402
from bench.stack import fresh_database_url, server_env, start_gunicorn  # noqa: E402

TMP = Path(tempfile.mkdtemp(prefix="quizwright-load-"))
RESULTS = ROOT / "bench" / "results"
PASSWORD = "loadtest-password-42"


# --- The database ---------------------------------------------------------------------------------------------


@dataclass
class Learner:
    pk: int
    email: str
    cookie: str
    csrf: str
    attempt: int = 0
    answers: dict[int, dict] = field(default_factory=dict)  # question number -> a valid answer's form data
    seq: int = 0


def prepare(n_learners: int, n_storm: int, n_practice: int) -> dict:
    """Everything the phases need, made in this process through the ORM (not measured)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction

    from accounts.models import User
    from content.models import Bank
    from quizzes import grading, presentation, services
    from quizzes.models import AttemptItem, Blueprint

    call_command("migrate", verbosity=0)
    call_command("load_builtin", verbosity=0)
    total = n_learners + n_storm + n_practice
    hashed = User(email="x@example.com")
    hashed.set_password(PASSWORD)
    with transaction.atomic():
        User.objects.bulk_create(
            [
                User(email=f"learner{i}@example.com", display_name=f"Learner {i}", password=hashed.password)
                for i in range(total)
            ],
            batch_size=1000,
        )
    users = list(User.objects.filter(email__startswith="learner").order_by("pk"))
    learners = []
    with transaction.atomic():
        for user in users:
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            csrf = secrets.token_urlsafe(24)[:32].replace("-", "a").replace("_", "b")
            cookie = (
                f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
            )
            learners.append(Learner(user.pk, user.email, cookie, csrf))
    steady, storm, practice = (
        learners[:n_learners],
        learners[n_learners : n_learners + n_storm],
        learners[n_learners + n_storm :],
    )
    full = Blueprint.objects.get(slug="mla-c01-full")
    started = time.perf_counter()
    for learner, user in zip(steady, users, strict=False):
        attempt, _ = services.exam_start(user=user, blueprint=full, seed=learner.pk)
        learner.attempt = attempt.pk
    print(f"  started {len(steady):,} exams in {time.perf_counter() - started:.0f} s (set-up)", flush=True)
    answers: dict[int, dict] = {}

    def answer_data(version) -> dict:
        """The right answer as the question's form posts it (any valid answer costs the server the same)."""
        if version.pk not in answers:
            right = grading.correct_response(presentation.answer_key(version))
            if "selected" in right:
                answers[version.pk] = {"choice": right["selected"]}
            elif "order" in right:
                answers[version.pk] = {"order": right["order"]}
            else:
                answers[version.pk] = {f"match-{p}": m for p, m in right["matches"].items()}
        return answers[version.pk]

    for learner in steady:
        items = AttemptItem.objects.filter(attempt_id=learner.attempt).select_related("version")
        learner.answers = {item.position + 1: answer_data(item.version) for item in items}
    bank = Bank.objects.get(slug="mla-c01", owner__isnull=True)
    by_pk = {u.pk: u for u in users}
    for learner in practice:
        attempt = services.practice_start(user=by_pk[learner.pk], banks=[bank], count=None, seed=learner.pk)
        learner.attempt = attempt.pk
        items = AttemptItem.objects.filter(attempt=attempt).select_related("version")
        learner.answers = {item.position + 1: answer_data(item.version) for item in items}
    ceiling_item = (
        AttemptItem.objects.filter(attempt_id=steady[0].attempt).values_list("pk", flat=True).first()
    )
    # A database in service has its planner statistics current (autovacuum's work on PostgreSQL): gather them for
    # the rows just made, rather than let the measured phases run beside that work or on plans made without them.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"steady": steady, "storm": storm, "practice": practice, "ceiling_item": ceiling_item}


# --- The load generator ---------------------------------------------------------------------------------------


class MachineCpu:
    """Where the machine's CPU went between `start()` and `stop()` (Linux's /proc; nothing elsewhere), in % of one
    core (a 2-CPU machine has 200): the app servers (gunicorn's process group, `app_group`), a database server on
    this machine (processes named postgres), this load generator, everything else ("others") and the hypervisor's
    steal. On a small shared machine the others and the steal move the figures by a factor of two from one minute
    to the next: a ceiling measured while another job used a core is not a slower server."""

    app_group = 0  # gunicorn's process group (its master's pid), set once it is started
    CONTENDED = 25  # others + steal above this (% of one core): the run shared the machine

    def __init__(self) -> None:
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self.begin = self._read()

    def _read(self) -> dict | None:
        try:
            with open("/proc/stat") as f:
                cpu = [int(x) for x in f.readline().split()[1:9]]
        except OSError:
            return None
        out = {"busy": sum(cpu) - cpu[3] - cpu[4] - cpu[7], "steal": cpu[7], "app": 0, "database": 0,
               "load generator": 0, "wall": time.perf_counter()}  # fmt: skip
        me = os.getpid()
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
            except OSError:  # gone meanwhile
                continue
            name, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
            ticks = int(rest[11]) + int(rest[12])
            if int(entry) == me:
                out["load generator"] = ticks
            elif self.app_group and int(rest[2]) == self.app_group:
                out["app"] += ticks
            elif name.startswith("postgres"):
                out["database"] += ticks
        return out

    def stop(self) -> dict:
        end = self._read()
        if self.begin is None or end is None:
            return {}
        wall = end["wall"] - self.begin["wall"]
        used = {k: round(100 * (end[k] - self.begin[k]) / self.tick / wall) for k in end if k != "wall"}
        # Processes that ended during the run (and their children's time) are in no one's column but "others".
        used["others"] = max(0, used.pop("busy") - used["app"] - used["database"] - used["load generator"])
        return {k: used[k] for k in ("app", "database", "load generator", "others", "steal")}

    @classmethod
    def contended(cls, cpu: dict) -> bool:
        return bool(cpu) and cpu["others"] + cpu["steal"] > cls.CONTENDED


def measured(coro) -> dict:
    """Run a phase's coroutine; its result (a dict) with the machine's CPU meanwhile under "cpu"."""
    meter = MachineCpu()
    result = asyncio.run(coro)
    return result | {"cpu": meter.stop()}


@dataclass
class Sample:
    endpoint: str
    latency_ms: float
    status: int
    error: str = ""


class Client:
    def __init__(self, port: int):
        self.port = port
        self.samples: list[Sample] = []

    async def request(self, endpoint: str, method: str, path: str, learner: Learner | None = None,
                      data: dict | None = None, htmx: bool = False, target: str = "") -> int:  # fmt: skip
        body = urlencode(data or {}, doseq=True).encode()
        headers = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Connection: close"]
        if learner:
            headers.append(f"Cookie: {learner.cookie}")
            if method == "POST":
                headers.append(f"X-CSRFToken: {learner.csrf}")
        if htmx:
            headers.append("HX-Request: true")
            if target:  # the id of the element htmx swaps, as a browser sends it
                headers.append(f"HX-Target: {target}")
        if method == "POST":
            headers += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        raw = ("\r\n".join(headers) + "\r\n\r\n").encode() + body
        start = time.perf_counter()
        status, error = 0, ""
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            writer.write(raw)
            await writer.drain()
            response = await reader.read()
            writer.close()
            status = int(response[9:12]) if response.startswith(b"HTTP/1.") else 0
            if status >= 500 or status == 0:
                error = response[:200].decode(errors="replace")
            if status == 503 and b"Retry-After" in response.split(b"\r\n\r\n", 1)[0]:
                # The site's answer to a database out of reach (config/errors.py), a SQLite lock not obtained
                # within the busy timeout included; and to a large read while another is read.
                error = "unavailable (503)"
        except OSError as exc:
            error = f"{type(exc).__name__}: {exc}"
        latency = (time.perf_counter() - start) * 1000
        self.samples.append(Sample(endpoint, latency, status, error))
        return status


def summarize(samples: list[Sample], seconds: float) -> dict:
    by: dict[str, list[Sample]] = {}
    for s in samples:
        by.setdefault(s.endpoint, []).append(s)
    out = {}
    for endpoint, group in by.items():
        latencies = sorted(s.latency_ms for s in group)

        def pct(p: float, latencies=latencies) -> float:
            return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 1)

        errors = [s for s in group if s.error or s.status >= 400]
        out[endpoint] = {
            "requests": len(group),
            "throughput_per_s": round(len(group) / seconds, 1) if seconds else None,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "max_ms": round(latencies[-1], 1),
            "errors": len(errors),
            "unavailable": sum(1 for s in group if s.error == "unavailable (503)"),
            "statuses": dict(sorted({str(s.status): 0 for s in group}.items())),
            "first_error": (errors[0].error or f"HTTP {errors[0].status}")[:160] if errors else "",
        }
        for s in group:
            out[endpoint]["statuses"][str(s.status)] += 1
    return out


ROUNDS = 5  # slices of each closed loop, taken in turn with the other endpoints' (interleaved_loops)


async def interleaved_loops(
    port: int, loops: dict, concurrency: int, seconds: float, rounds: int = ROUNDS
) -> dict:
    """A closed loop of each endpoint (name -> `make`), `seconds` in all for each, taken in `rounds` slices in
    turn, in a new shuffled order each round (so that no endpoint always follows the same other). A shared
    machine that slows down for a minute then slows every endpoint alike, and their ratios hold: run one after
    another, the ceiling moved between 550 and 900 requests/s from one run to the next, and a ratio with it."""
    clients = {name: Client(port) for name in loops}
    active = dict.fromkeys(loops, 0.0)
    cpu: dict[str, list[dict]] = {name: [] for name in loops}
    done = {(name, i): 0 for name in loops for i in range(concurrency)}  # each worker's count, across slices
    order = list(loops)
    shuffle = random.Random(concurrency).shuffle
    for _ in range(rounds):
        shuffle(order)
        for name in order:
            make, client, stop = loops[name], clients[name], time.perf_counter() + seconds / rounds

            async def worker(i: int, name=name, make=make, client=client, stop=stop) -> None:
                while time.perf_counter() < stop:
                    await make(client, i, done[name, i])
                    done[name, i] += 1

            started, meter = time.perf_counter(), MachineCpu()
            await asyncio.gather(*(worker(i) for i in range(concurrency)))
            active[name] += time.perf_counter() - started
            cpu[name].append(meter.stop())
    out = {}
    for name in loops:
        slices = [c for c in cpu[name] if c]
        mean = {k: round(sum(c[k] for c in slices) / len(slices)) for k in slices[0]} if slices else {}
        out[name] = summarize(clients[name].samples, active[name])[name] | {"cpu": mean}
    return out


async def open_loop(port: int, schedule: list[tuple[float, callable]]) -> tuple[list[Sample], float]:
    """Requests sent at their scheduled offsets (seconds from now), whatever the answers' pace."""
    client = Client(port)
    started = time.perf_counter()

    async def at(offset: float, make) -> None:
        delay = started + offset - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await make(client)

    await asyncio.gather(*(at(offset, make) for offset, make in schedule))
    return client.samples, time.perf_counter() - started


# --- The phases -----------------------------------------------------------------------------------------------


def save_request(learner: Learner):
    learner.seq += 1
    number = random.randint(1, len(learner.answers))
    data = learner.answers[number] | {"seq": str(learner.seq)}
    return f"/attempts/{learner.attempt}/q/{number}/save/", data


CONCURRENCY = (2, 4, 8, 16)


async def phase_ratios(port: int, ready: dict, seconds: float) -> dict:
    steady, practice, item = ready["steady"], ready["practice"], ready["ceiling_item"]

    async def ceiling(client, i, n):
        await client.request("ceiling", "POST", f"/bench/ceiling/{item}/", steady[i % len(steady)], {})

    async def autosave(client, i, n):
        learner = steady[i % len(steady)]
        path, data = save_request(learner)
        await client.request("autosave", "POST", path, learner, data, htmx=True)

    # Every practice answer goes to a question not yet answered, across all runs: a second answer to one question
    # is refused early (an answer with immediate feedback is final) and would flatter the figure.
    unanswered = iter([(learner, number) for learner in practice for number in sorted(learner.answers)])
    repeats = {"count": 0}

    async def answer(client, i, n):
        learner, number = next(unanswered, (None, None))
        if learner is None:
            repeats["count"] += 1
            learner, number = practice[0], 1
        await client.request(
            "practice answer", "POST", f"/attempts/{learner.attempt}/q/{number}/answer/", learner,
            learner.answers[number], htmx=True, target="answer-area",
        )  # fmt: skip

    async def exam_page(client, i, n):
        learner = steady[(i * 97 + n) % len(steady)]
        await client.request("exam page", "GET", f"/attempts/{learner.attempt}/q/{n % 65 + 1}/", learner)

    # The ratios' endpoints in interleaved slices; the exam page (65 questions a page, no ratio target) after
    # them, on its own, so that its heavy pages do not slow the slices that follow them.
    loops = {"ceiling": ceiling, "autosave": autosave, "practice answer": answer}
    by_concurrency = {c: await interleaved_loops(port, loops, c, seconds) for c in CONCURRENCY}
    for c in CONCURRENCY:
        by_concurrency[c] |= await interleaved_loops(port, {"exam page": exam_page}, c, seconds, rounds=1)
    out = {}
    for name in [*loops, "exam page"]:
        runs = {c: results[name] for c, results in by_concurrency.items()}
        within = [r for r in runs.values() if r["p99_ms"] <= 100 and not r["errors"]]
        best = max(within, key=lambda r: r["throughput_per_s"]) if within else None
        out[name] = {
            "runs": {str(c): r for c, r in runs.items()},
            "best_within_100ms": best["throughput_per_s"] if best else 0,
        }
    if repeats["count"]:
        raise SystemExit(
            f"the practice pool ran out of unanswered questions ({repeats['count']} repeats): give prepare() more"
            " practice attempts"
        )
    top = out["ceiling"]["best_within_100ms"] or 1
    for name in ("autosave", "practice answer", "exam page"):
        out[name]["share_of_ceiling"] = round(out[name]["best_within_100ms"] / top, 2)
    return out


async def phase_signin(port: int, ready: dict, count: int) -> dict:
    learners = ready["storm"][:count]

    def make(learner):
        async def go(client):
            await client.request("sign-in", "POST", "/accounts/login/", learner,
                                 {"username": learner.email, "password": PASSWORD})  # fmt: skip

        return go

    samples, seconds = await open_loop(
        port, [(i * 0.25, make(learner)) for i, learner in enumerate(learners)]
    )
    return summarize(samples, seconds)["sign-in"]


async def phase_storm(port: int, ready: dict) -> dict:
    learners = ready["storm"]
    n = len(learners)

    def make(learner):
        async def go(client):
            await client.request("exam start", "POST", "/exams/mla-c01-full/start/", learner, {})

        return go

    schedule = [(i / n, make(learner)) for i, learner in enumerate(learners)]  # all within one second
    samples, seconds = await open_loop(port, schedule)
    return summarize(samples, seconds)["exam start"] | {"learners": n, "sent_within_s": 1.0}


# The exam page holds all 65 questions (moving between them is on the page), so a learner loads it when the exam
# starts and again only on a reload or a new device: about one load for every 40 saves of a 130-minute exam.
PAGE_LOADS_PER_SAVE = 1 / 40


def poisson_saves(learners: list[Learner], rate: float, seconds: float, rng: random.Random) -> list[tuple]:
    """Autosaves by randomly chosen learners arriving as a Poisson process at `rate` per second for `seconds`:
    (time, learner, the request) each."""
    saves, t = [], 0.0
    while True:
        t += rng.expovariate(rate)
        if t >= seconds:
            return saves
        learner = rng.choice(learners)
        path, data = save_request(learner)

        async def save(client, path=path, data=data, learner=learner):
            await client.request("autosave", "POST", path, learner, data, htmx=True)

        saves.append((t, learner, save))


async def phase_steady(port: int, ready: dict, seconds: float, interval: float, submits: int) -> dict:
    learners = ready["steady"]
    rate = len(learners) / interval
    rng = random.Random(7)
    schedule = []
    for t, learner, save in poisson_saves(learners, rate, seconds, rng):
        schedule.append((t, save))
        if rng.random() < PAGE_LOADS_PER_SAVE:
            number = rng.randint(1, 65)

            async def load(client, learner=learner, number=number):
                await client.request(
                    "question page", "GET", f"/attempts/{learner.attempt}/q/{number}/", learner
                )

            schedule.append((t, load))
    for i, learner in enumerate(learners[:submits]):

        async def submit(client, learner=learner):
            await client.request("submit", "POST", f"/attempts/{learner.attempt}/finish/", learner, {})

        schedule.append((seconds + i * (5.0 / max(1, submits)), submit))
    samples, _ = await open_loop(port, schedule)
    out = summarize(samples, seconds)
    out["submit"]["throughput_per_s"] = round(out["submit"]["requests"] / 5.0, 1)
    return {"learners": len(learners), "target_saves_per_s": round(rate, 1), "seconds": seconds} | out


async def phase_large_upload(port: int, ready: dict, seconds: float, interval: float) -> dict:
    """Two learners load the largest notes the site reads (2 MB) at once, while the steady exam's learners save
    answers at the steady rate: the first is read, the second refused at once (one large read at a time per
    machine, content/large_reads.py), and the saves keep their latency on the other worker."""
    from content.services import NOTES_MAX_BYTES

    text = notes_in_style("outline", NOTES_MAX_BYTES - 4096)
    learners = ready["steady"]
    rate = len(learners) / interval
    schedule = [(t, save) for t, _, save in poisson_saves(learners, rate, seconds, random.Random(11))]
    for i, learner in enumerate(ready["storm"][:2]):

        async def upload(client, learner=learner, i=i):
            form = {"title": f"Large notes {i}", "text": text, "preview": "1"}
            await client.request(f"large upload {i + 1}", "POST", "/banks/notes/", learner, form)

        schedule.append((1.0 + 0.25 * i, upload))
    samples, _ = await open_loop(port, schedule)
    out = summarize(samples, seconds)
    return {"notes_bytes": len(text.encode()), "target_saves_per_s": round(rate, 1), "seconds": seconds} | out


# --- The run --------------------------------------------------------------------------------------------------


def cpu_seconds() -> float:
    usage = os.times()
    return usage.user + usage.system


def markdown(result: dict) -> str:
    lines = [f"# Load test, {result['database']}, {result['when']}", "",
             f"gunicorn, {result['workers']} sync workers, on {result['machine']}. "
             f"Load generator CPU: {result['loadgen_cpu_percent']} % of one core over the measured phases.", "",
             "CPU: where the machine's CPU went during each run, in % of one core: app servers / database server "
             "on this machine / load generator / other processes / hypervisor steal. **Shared** marks a run where "
             f"other processes and steal took more than {MachineCpu.CONTENDED} % of a core: its throughput is not "
             "comparable with a quiet run's.", ""]  # fmt: skip
    rows = []
    shared = []

    def row(phase: str, endpoint: str, r: dict, note: str = "", cpu: dict | None = None) -> None:
        cpu = r.get("cpu", {}) if cpu is None else cpu
        usage = " / ".join(str(v) for v in cpu.values()) if cpu else ""
        if MachineCpu.contended(cpu):
            usage += " **shared**"
            shared.append(f"{phase}, {endpoint}" + (f" ({note.split(';')[0]})" if note else ""))
        rows.append(f"| {phase} | {endpoint} | {r['requests']} | {r['throughput_per_s']} | {r['p50_ms']} | "
                    f"{r['p95_ms']} | {r['p99_ms']} | {r['errors']} | {usage} | {note} |")  # fmt: skip

    row("sign-in sample", "POST /accounts/login/", result["signin"])
    for name, data in result["ratios"].items():
        for c, r in data["runs"].items():
            note = f"{c} connections"
            if name != "ceiling" and c == "16":
                note += f"; best within p99 100 ms: {data['best_within_100ms']}/s = {data['share_of_ceiling']:.0%} of ceiling"
            elif name == "ceiling" and c == "16":
                note += f"; best within p99 100 ms: {data['best_within_100ms']}/s"
            row(f"closed loop: {name}", name, r, note)
    storm = result["storm"]
    row("start storm", f"POST /exams/mla-c01-full/start/ ({storm['learners']} within 1 s)", storm,
        "target: 0 errors, p99 < 3 s")  # fmt: skip
    large = result["large_upload"]
    for endpoint in ("large upload 1", "large upload 2", "autosave"):
        note = {
            "large upload 1": f"{large['notes_bytes'] / 2**20:.1f} MB of notes previewed; statuses {large[endpoint]['statuses']}",
            "large upload 2": f"sent 0.25 s later, while the first is read; statuses {large[endpoint]['statuses']}",
            "autosave": f"{large['target_saves_per_s']} saves/s offered meanwhile; target p99 < 100 ms",
        }[endpoint]
        row("large uploads", endpoint, large[endpoint], note, large.get("cpu", {}))
    steady = result["steady"]
    for endpoint in ("autosave", "question page", "submit"):
        if endpoint in steady:
            note = f"{steady['learners']:,} learners, {steady['target_saves_per_s']} saves/s offered"
            if endpoint == "autosave":
                note += "; target p99 < 100 ms, 0 errors"
            row("steady exam", endpoint, steady[endpoint], note, steady.get("cpu", {}))
    lines += ["| Phase | Endpoint | Requests | Per second | p50 ms | p95 ms | p99 ms | Errors | CPU | Notes |",
              "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |", *rows, ""]  # fmt: skip
    if shared:
        lines += ["Runs that shared the machine (repeat them on a quiet machine before comparing): "
                  + "; ".join(shared) + ".", ""]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=5000, help="steady phase: learners in an exam")
    parser.add_argument("--storm", type=int, default=500, help="learners who start an exam within one second")
    parser.add_argument("--seconds", type=float, default=30, help="length of the steady phase")
    parser.add_argument("--ratio-seconds", type=float, default=5, help="length of each closed-loop run")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    database_url, drop = fresh_database_url(TMP)
    os.environ.update(server_env(database_url) | {"DJANGO_SETTINGS_MODULE": "config.settings"})
    vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"Load test on {vendor}: set-up ({args.learners:,} + {args.storm} learners)...", flush=True)
    server = None
    try:
        # Each practice attempt holds every question of the built-in bank: some 20,000 unanswered questions in
        # all, against about 5,000 answers in the four closed-loop runs on this machine.
        ready = prepare(args.learners, args.storm, n_practice=96)
        server, port = start_gunicorn(database_url, args.workers)
        MachineCpu.app_group = server.pid  # gunicorn runs in a session (and process group) of its own
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        print("  sign-in sample...", flush=True)
        signin = measured(phase_signin(port, ready, 20))
        print("  closed-loop runs (ceiling, autosave, practice answer)...", flush=True)
        ratios = asyncio.run(phase_ratios(port, ready, args.ratio_seconds))
        print("  start storm...", flush=True)
        storm = measured(phase_storm(port, ready))
        print("  large uploads during the exam...", flush=True)
        large = measured(phase_large_upload(port, ready, 15.0, 30.0))
        print("  steady exam...", flush=True)
        steady = measured(phase_steady(port, ready, args.seconds, 30.0, submits=200))
        cpu, wall = cpu_seconds() - cpu0, time.perf_counter() - wall0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        drop()
    now = datetime.now(UTC)
    result = {
        "database": vendor,
        "when": now.strftime("%Y-%m-%d %H:%M UTC"),
        "workers": args.workers,
        "machine": f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
        "loadgen_cpu_percent": round(100 * cpu / wall, 1),
        "signin": signin,
        "ratios": ratios,
        "storm": storm,
        "large_upload": large,
        "steady": steady,
    }
    RESULTS.mkdir(exist_ok=True)
    stem = f"loadtest-{vendor.lower()}-{now:%Y%m%d-%H%M}"
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / f"{stem}.md").write_text(markdown(result))
    print(markdown(result))
    print(f"Written to bench/results/{stem}.json and .md")


if __name__ == "__main__":
    main()
