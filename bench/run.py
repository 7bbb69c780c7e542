"""Benchmarks of the dyn SDK and its emulator, printed as one table.

Usage::

    python bench/run.py            # the full run (about half a minute)
    python bench/run.py --quick    # a smoke run with small counts (a few seconds)

Every figure comes from this one run against an emulator started in this process on
127.0.0.1 (free port), stopped at the end even on errors. The exit status is 0 whether
or not the targets are met: this is a measurement, not a test. See bench/README.rst for
what each figure means.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import http.client
import io
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, ROOT)

from dyn import __version__  # noqa: E402
from dyn.core import RetryPolicy  # noqa: E402
from dyn.tm.session import DynectSession  # noqa: E402
from dyn.transport import Response, Urllib3Transport  # noqa: E402

US = 1e6  # seconds -> microseconds
MS = 1e3  # seconds -> milliseconds


# --------------------------------------------------------------------------------------
# Settings and results
# --------------------------------------------------------------------------------------
@dataclass
class Settings:
    """Counts for one run (``--quick`` shrinks them)."""

    calls: int = 2000            # calls per loop in the overhead figure
    rounds: int = 3              # overhead loops per client (the best one counts)
    block: int = 100             # the overhead clients take turns every `block` calls
    job_calls: int = 20          # calls answered by a job
    login_threads: int = 16
    logins: int = 1000
    throughput_threads: int = 4
    throughput_seconds: float = 2.0
    import_runs: int = 7
    record_calls: int = 1000     # records created one by one (records per second)
    big_zone: int = 10000        # records in the large zone
    bulk_records: int = 1000     # records in the bulk-versus-classic comparison
    bulk_latency: float = 0.020  # emulator latency per call in that comparison (seconds)
    bulk_workers: int = 16

    @classmethod
    def quick(cls) -> "Settings":
        return cls(calls=200, rounds=2, block=50, job_calls=5, login_threads=16, logins=64,
                   throughput_threads=4, throughput_seconds=0.3, import_runs=3,
                   record_calls=50, big_zone=500, bulk_records=48)


@dataclass
class Figure:
    """One line of the table."""

    section: str
    name: str
    value: Optional[float]
    unit: str
    target: Optional[float] = None   # None: reported for information
    better: str = "lower"            # "lower" or "higher" (how value compares with target)
    note: str = ""
    error: str = ""

    @property
    def verdict(self) -> str:
        if self.error:
            return "ERROR"
        if self.target is None or self.value is None:
            return "info"
        ok = self.value <= self.target if self.better == "lower" else self.value >= self.target
        return "PASS" if ok else "MISS"

    def target_text(self) -> str:
        if self.target is None:
            return "-"
        sign = "<=" if self.better == "lower" else ">="
        return "%s %s" % (sign, _fmt(self.target, self.unit))

    def value_text(self) -> str:
        if self.error:
            return "(failed)"
        return _fmt(self.value, self.unit)

    def as_dict(self) -> Dict[str, Any]:
        return {"section": self.section, "name": self.name, "value": self.value, "unit": self.unit,
                "target": self.target, "better": self.better, "verdict": self.verdict,
                "note": self.note, "error": self.error}


def _fmt(value: Optional[float], unit: str) -> str:
    if value is None:
        return "-"
    if unit == "x":
        return "%.2fx" % value
    if unit in ("count",):
        return "%d" % value
    if abs(value) >= 100:
        text = "%.0f" % value
    elif abs(value) >= 10:
        text = "%.1f" % value
    else:
        text = "%.2f" % value
    return "%s %s" % (text, unit) if unit else text


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------
class CountingTransport(Urllib3Transport):
    """The default transport, counting the requests it sends (to check the job figure)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.sent: List[Tuple[str, str]] = []

    def request(self, method, path, body, headers):
        self.sent.append((method, path.split("?", 1)[0]))
        return super().request(method, path, body, headers)


class ReplayTransport(Urllib3Transport):
    """The default transport until :meth:`freeze`; afterwards every request gets the
    last response again without any I/O (to time the SDK's own code alone)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.frozen: Optional[Response] = None
        self.last: Optional[Response] = None

    def request(self, method, path, body, headers):
        if self.frozen is not None:
            return self.frozen
        self.last = super().request(method, path, body, headers)
        return self.last

    def freeze(self) -> None:
        self.frozen = self.last


class RawClient:
    """One keep-alive :mod:`http.client` connection sending exactly what the SDK sends."""

    def __init__(self, host: str, port: int):
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def call(self, method: str, path: str, body: Optional[bytes], headers: Dict[str, str]) -> Any:
        self.conn.request(method, path, body, headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError("raw %s %s answered HTTP %d: %r" % (method, path, response.status, data[:200]))
        return json.loads(data)

    def login(self, account: Tuple[str, str, str]) -> str:
        customer, user, password = account
        body = json.dumps({"customer_name": customer, "user_name": user, "password": password}).encode()
        reply = self.call("POST", "/REST/Session/", body, {"Content-Type": "application/json"})
        return reply["data"]["token"]

    def close(self) -> None:
        self.conn.close()


def _sdk_headers(session: DynectSession) -> Dict[str, str]:
    """The headers the session puts on a call (Auth-Token included)."""
    from dyn.core import _Call

    _, _, headers = session._encode(_Call("/REST/Session/", "PUT", {}, False))
    return dict(headers)


@dataclass
class LoopResult:
    wall: float          # seconds per call
    cpu: float           # client-thread CPU seconds per call
    server_cpu: float    # CPU of the other threads (the emulator) per call


def _timed_loop(count: int, body: Callable[[], Any]) -> LoopResult:
    """Run *body* count times in this thread; measure wall, this thread's CPU and the
    rest of the process's CPU (the in-process emulator)."""
    wall0, cpu0, proc0 = time.perf_counter(), time.thread_time(), time.process_time()
    for _ in range(count):
        body()
    wall1, cpu1, proc1 = time.perf_counter(), time.thread_time(), time.process_time()
    client = cpu1 - cpu0
    return LoopResult((wall1 - wall0) / count, client / count, max(0.0, (proc1 - proc0) - client) / count)


def _interleaved(clients: Dict[str, Callable[[], Any]], calls: int, rounds: int,
                 block: int) -> Dict[str, List[LoopResult]]:
    """Per client, one :class:`LoopResult` per round of *calls* calls. Within a round the
    clients take turns every *block* calls (the order rotating), so a change of load on
    the machine hits them all alike instead of deciding the comparison."""
    names = list(clients)
    results: Dict[str, List[LoopResult]] = {name: [] for name in names}
    blocks = int(math.ceil(calls / float(block)))
    for round_no in range(rounds):
        totals = {name: [0.0, 0.0, 0.0] for name in names}
        for block_no in range(blocks):
            count = min(block, calls - block_no * block)
            shift = (round_no * blocks + block_no) % len(names)
            for name in names[shift:] + names[:shift]:
                part = _timed_loop(count, clients[name])
                total = totals[name]
                total[0] += part.wall * count
                total[1] += part.cpu * count
                total[2] += part.server_cpu * count
        for name in names:
            wall, cpu, server = totals[name]
            results[name].append(LoopResult(wall / calls, cpu / calls, server / calls))
    return results


def _best(results: List[LoopResult]) -> LoopResult:
    """The fastest loop (lowest wall time) and the lowest client CPU over the rounds."""
    fastest = min(results, key=lambda r: r.wall)
    return LoopResult(fastest.wall, min(r.cpu for r in results), fastest.server_cpu)


# --------------------------------------------------------------------------------------
# 1. SDK overhead
# --------------------------------------------------------------------------------------
def bench_overhead(emu: Any, settings: Settings) -> List[Figure]:
    """keep_alive() through a logged-in session versus the same request on a raw loop."""
    section = "1. SDK overhead (PUT /REST/Session/, keep_alive)"
    account = tuple(emu.demo_account)
    kwargs = dict(emu.session_kwargs)

    # Sessions other than the measured default one are built first and unregistered,
    # so that building the next one does not log them out (same thread, other arguments).
    via_requests = DynectSession(*account, transport="requests", **kwargs)
    DynectSession.close_session()
    via_stdlib = DynectSession(*account, transport="http.client", **kwargs)
    DynectSession.close_session()
    replay = ReplayTransport(kwargs["host"], kwargs["port"], kwargs["ssl"])
    replayed = DynectSession(*account, transport=replay, **kwargs)
    DynectSession.close_session()
    session = DynectSession(*account, **kwargs)
    try:
        headers = _sdk_headers(session)
        body = json.dumps({}).encode("utf-8")
        raw = RawClient(emu.host, emu.port)
        transport = session.transport
        try:
            def raw_call() -> None:
                raw.call("PUT", "/REST/Session/", body, headers)

            def transport_call() -> None:
                json.loads(transport.request("PUT", "/REST/Session/", body, headers).body)

            clients = {"raw": raw_call, "sdk": session.keep_alive, "requests": via_requests.keep_alive,
                       "stdlib": via_stdlib.keep_alive, "transport": transport_call}
            for _ in range(max(20, settings.calls // 20)):  # warm up connections and caches
                for call in clients.values():
                    call()
            results = _interleaved(clients, settings.calls, settings.rounds, settings.block)
            replayed.keep_alive()
            replay.freeze()
            engine = _best([_timed_loop(settings.calls * 5, replayed.keep_alive)
                            for _ in range(settings.rounds)])
            replay.frozen = None
        finally:
            raw.close()
    finally:
        _log_out_quietly(via_requests)
        _log_out_quietly(via_stdlib)
        _log_out_quietly(replayed)
        _log_out_quietly(session)

    best = {name: _best(rounds) for name, rounds in results.items()}
    raw_best, sdk_best, req_best, transport_best, stdlib_best = (
        best[name] for name in ("raw", "sdk", "requests", "transport", "stdlib"))
    how = ("best of %d rounds of %d calls per client, the clients taking turns every %d calls"
           % (settings.rounds, settings.calls, settings.block))
    spread = "per round: SDK %s us, raw %s us" % (
        "/".join("%.0f" % (r.wall * US) for r in results["sdk"]),
        "/".join("%.0f" % (r.wall * US) for r in results["raw"]))
    return [
        Figure(section, "raw http.client: wall per call", raw_best.wall * US, "us", note=how),
        Figure(section, "SDK (urllib3): wall per call", sdk_best.wall * US, "us", note=spread),
        Figure(section, "SDK / raw wall ratio", sdk_best.wall / raw_best.wall, "x", target=1.3),
        Figure(section, "raw http.client: client CPU per call", raw_best.cpu * US, "us",
               note="time.thread_time() of the calling thread"),
        Figure(section, "SDK (urllib3): client CPU per call", sdk_best.cpu * US, "us"),
        Figure(section, "SDK / raw client CPU ratio", sdk_best.cpu / raw_best.cpu, "x"),
        Figure(section, "emulator CPU per call (other threads)", sdk_best.server_cpu * US, "us",
               note="process CPU minus client thread CPU, SDK loop"),
        Figure(section, "where the SDK CPU goes: urllib3 transport alone", transport_best.cpu * US, "us",
               note="Urllib3Transport.request + json.loads, no session engine"),
        Figure(section, "where the SDK CPU goes: session engine alone", engine.cpu * US, "us",
               note="keep_alive() answered from memory (no I/O): encode, decode, policy"),
        Figure(section, "SDK (http.client transport, opt-in): wall per call", stdlib_best.wall * US, "us"),
        Figure(section, "SDK (http.client transport, opt-in) / raw wall ratio", stdlib_best.wall / raw_best.wall, "x",
               target=1.3),
        Figure(section, "SDK (requests transport): wall per call", req_best.wall * US, "us"),
        Figure(section, "SDK (requests transport): client CPU per call", req_best.cpu * US, "us"),
    ]


def _log_out_quietly(session: Any) -> None:
    try:
        session.log_out()
    except Exception:  # the figure is what matters; a failed logout is not
        pass


# --------------------------------------------------------------------------------------
# 6. Zones and records
# --------------------------------------------------------------------------------------
def _zone_file(zone: str, count: int) -> str:
    lines = ["$ORIGIN %s." % zone, "$TTL 3600",
             "@ IN SOA ns1.example.net. hostmaster.%s. 1 3600 600 604800 1800" % zone,
             "@ IN NS ns1.example.net."]
    lines += ["h%d IN A 10.%d.%d.%d" % (n, n // 65536 % 256, n // 256 % 256, n % 256) for n in range(count)]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def _emulator_process():
    """``python -m dyn.emulator`` on a free port in a child process; yields (host, port)."""
    process = subprocess.Popen([sys.executable, "-m", "dyn.emulator", "--host", "127.0.0.1", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        line = process.stdout.readline()
        match = re.search(r"http://([\d.]+):(\d+)", line)
        if not match:
            raise RuntimeError("the emulator process did not start: %r" % line)
        yield match.group(1), int(match.group(2))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def bench_records(emu: Any, settings: Settings) -> List[Figure]:
    """Records created per second, a large zone (upload, bulk create, publish, read back),
    and the bulk path against the classic one-call-per-record loop with 20 ms latency."""
    from dyn.tm.bulk import ChangeSet
    from dyn.tm.records import ARecord
    from dyn.tm.zones import Zone

    section = "6. Zones and records"
    session = DynectSession(*tuple(emu.demo_account), **dict(emu.session_kwargs))
    figures: List[Figure] = []
    try:
        zone = Zone("records.bench", contact="admin@records.bench", ttl=3600)
        start = time.perf_counter()
        for n in range(settings.record_calls):
            ARecord(zone.name, "r%d.records.bench." % n, "10.0.%d.%d" % (n // 256 % 256, n % 256))
        elapsed = time.perf_counter() - start
        figures.append(Figure(section, "records created per second, one call each (ARecord)",
                              settings.record_calls / elapsed, "/s",
                              note="%d POSTs, sequential" % settings.record_calls))

        changes = ChangeSet("records.bench")
        for n in range(settings.record_calls):
            changes.add("b%d" % n, "A", "10.1.%d.%d" % (n // 256 % 256, n % 256))
        start = time.perf_counter()
        changes.apply(workers=8)
        elapsed = time.perf_counter() - start
        figures.append(Figure(section, "records created per second, ChangeSet (8 connections)",
                              settings.record_calls / elapsed, "/s"))

        count = settings.big_zone
        path = os.path.join(tempfile.mkdtemp(prefix="dyn-bench-"), "big.zone")
        try:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(_zone_file("upload.bench", count))
            start = time.perf_counter()
            Zone("upload.bench", file_name=path)
            figures.append(Figure(section, "%d-record zone: create by zone-file upload" % count,
                                  time.perf_counter() - start, "s", target=5.0))
        finally:
            shutil.rmtree(os.path.dirname(path), ignore_errors=True)

        big = Zone("big.bench", contact="admin@big.bench", ttl=3600)
        changes = ChangeSet(big.name)
        for n in range(count):
            changes.add("h%d" % n, "A", "10.%d.%d.%d" % (n // 65536 % 256, n // 256 % 256, n % 256))
        start = time.perf_counter()
        changes.apply(workers=8)
        created = time.perf_counter() - start
        start = time.perf_counter()
        big.publish()
        published = time.perf_counter() - start
        figures.append(Figure(section, "%d-record zone: create by records (ChangeSet)" % count, created, "s",
                              note="%.0f records/s; client and emulator share this process's interpreter lock"
                              % (count / created)))
        figures.append(Figure(section, "%d-record zone: publish" % count, published, "s", target=1.0))
        start = time.perf_counter()
        listed = big.get_all_records()
        read = time.perf_counter() - start
        total = sum(len(items) for items in listed.values())
        figures.append(Figure(section, "%d-record zone: get_all_records()" % count, read, "s", target=3.0,
                              note="%d records read back (with SOA and NS)" % total))
        big.delete()

        # The same through an emulator in its own process: client and server no longer
        # share one interpreter lock, as with a real remote API.
        del listed, changes  # free the in-process figures' objects and the emulator's zones:
        emu.reset()          # less for the garbage collector to walk during the next figure
        gc.collect()
        with _emulator_process() as (host, port):
            DynectSession.close_session()
            remote = DynectSession(*tuple(emu.demo_account), host=host, port=port, ssl=False)
            try:
                Zone("remote.bench", contact="admin@remote.bench", ttl=3600)
                changes = ChangeSet("remote.bench")
                for n in range(count):
                    changes.add("h%d" % n, "A", "10.%d.%d.%d" % (n // 65536 % 256, n // 256 % 256, n % 256))
                start = time.perf_counter()
                changes.apply(workers=8, publish=True)
                created = time.perf_counter() - start
                start = time.perf_counter()
                listed = Zone("remote.bench").get_all_records()
                read = time.perf_counter() - start
            finally:
                _log_out_quietly(remote)
                DynectSession.close_session()
        figures.append(Figure(section, "%d-record zone, emulator in another process: create by records + publish"
                              % count, created, "s", target=5.0,
                              note="%.0f records/s, one record per call" % (count / created)))
        figures.append(Figure(section, "%d-record zone, emulator in another process: get_all_records()" % count,
                              read, "s", target=3.0, note="%d records" % sum(len(v) for v in listed.values())))
        session = DynectSession(*tuple(emu.demo_account), **dict(emu.session_kwargs))

        # The bulk path against the classic loop, every call delayed by the latency knob.
        emu.configure(latency=settings.bulk_latency)
        classic_zone = Zone("classic.bench", contact="admin@classic.bench", ttl=3600)
        start = time.perf_counter()
        for n in range(settings.bulk_records):
            classic_zone.add_record("c%d" % n, "A", "10.2.%d.%d" % (n // 256 % 256, n % 256))
        classic = time.perf_counter() - start
        changes = ChangeSet("classic.bench")
        for n in range(settings.bulk_records):
            changes.add("k%d" % n, "A", "10.3.%d.%d" % (n // 256 % 256, n % 256))
        start = time.perf_counter()
        changes.apply(workers=settings.bulk_workers)
        bulk = time.perf_counter() - start
        emu.configure(latency=0.0)
        how = "%d A records, %d ms latency per call" % (settings.bulk_records, settings.bulk_latency * MS)
        figures.append(Figure(section, "classic loop (zone.add_record per record)", classic, "s", note=how))
        figures.append(Figure(section, "bulk ChangeSet.apply(workers=%d)" % settings.bulk_workers, bulk, "s",
                              note=how))
        figures.append(Figure(section, "bulk speed-up over the classic loop", classic / bulk, "x", target=10.0,
                              better="higher"))
    finally:
        emu.configure(latency=0.0)
        _log_out_quietly(session)
    return figures


# --------------------------------------------------------------------------------------
# 2. Job-poll latency
# --------------------------------------------------------------------------------------
def bench_jobs(emu: Any, settings: Settings) -> List[Figure]:
    """Calls answered with HTTP 307 to /REST/Job/{id}, the job done at the first poll."""
    section = "2. Job-poll latency (307 -> /REST/Job/{id})"
    session = DynectSession(*tuple(emu.demo_account), transport=CountingTransport,
                            policy=RetryPolicy(), **dict(emu.session_kwargs))
    figures: List[Figure] = []
    try:
        transport = session.transport
        match = r"^POST /REST/UserPermissionReport"
        for polls, target, label in ((0, 100.0, "job done at the first poll"),
                                     (1, None, "one 'incomplete' poll first")):
            times: List[float] = []
            wire: List[int] = []
            for _ in range(settings.job_calls):
                emu.add_fault("job", match=match, times=1, polls=polls)
                before = len(transport.sent)
                start = time.perf_counter()
                session.execute("/UserPermissionReport/", "POST", {})
                times.append(time.perf_counter() - start)
                wire.append(len(transport.sent) - before)
            emu.clear_faults()
            requests_per_call = statistics.median(wire)
            note = "%s; %g wire requests per call" % (label, requests_per_call)
            if polls == 0 and requests_per_call != 2:
                note += " (expected 2: the 307 and one poll)"
            figures.append(Figure(section, "polls=%d: median per call" % polls,
                                  statistics.median(times) * MS, "ms", target=target, note=note))
            figures.append(Figure(section, "polls=%d: max per call" % polls, max(times) * MS, "ms",
                                  target=target, note="%d calls" % len(times)))
    finally:
        emu.clear_faults()
        _log_out_quietly(session)
    return figures


# --------------------------------------------------------------------------------------
# 3. Concurrent logins
# --------------------------------------------------------------------------------------
def bench_logins(emu: Any, settings: Settings) -> List[Figure]:
    """N threads log in at once, round after round, and check the registry."""
    section = "3. Concurrent logins (%d threads)" % settings.login_threads
    account = tuple(emu.demo_account)
    kwargs = dict(emu.session_kwargs)
    threads = settings.login_threads
    rounds = int(math.ceil(settings.logins / float(threads)))
    start_line = threading.Barrier(threads)
    check_line = threading.Barrier(threads)
    lock = threading.Lock()
    outcome = {"ok": 0, "failed": 0, "lost": 0, "errors": []}

    def worker(index: int) -> None:
        for round_no in range(rounds):
            mine = round_no * threads + index < settings.logins
            start_line.wait()
            session = None
            failure = None
            if mine:
                try:
                    session = DynectSession(*account, **kwargs)
                except Exception as err:  # counted, reported
                    failure = "%s: %s" % (type(err).__name__, err)
            # Everybody has built a session: each must still see its own.
            check_line.wait()
            if not mine:
                continue
            current = DynectSession.get_session()
            with lock:
                if failure is not None:
                    outcome["failed"] += 1
                    if len(outcome["errors"]) < 3:
                        outcome["errors"].append(failure)
                elif current is not session or not session.token:
                    outcome["lost"] += 1
                else:
                    outcome["ok"] += 1
            DynectSession.close_session()  # unregister and close; no logout call

    workers = [threading.Thread(target=worker, args=(i,), name="login-%d" % i, daemon=True)
               for i in range(threads)]
    started = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=300)
    elapsed = time.perf_counter() - started
    if any(thread.is_alive() for thread in workers):
        start_line.abort()
        check_line.abort()
        raise RuntimeError("login threads did not finish within 300 s")
    lost = outcome["failed"] + outcome["lost"]
    note = "%d ok, %d failed, %d saw another session" % (outcome["ok"], outcome["failed"], outcome["lost"])
    if outcome["errors"]:
        note += "; first errors: %s" % " | ".join(outcome["errors"])
    return [
        Figure(section, "lost sessions of %d logins" % settings.logins, lost, "count", target=0, note=note),
        Figure(section, "logins per second", settings.logins / elapsed, "/s",
               note="%d rounds, barrier-synchronised; %.2f s" % (rounds, elapsed)),
    ]


# --------------------------------------------------------------------------------------
# 4. Emulator throughput
# --------------------------------------------------------------------------------------
def _hammer(host: str, port: int, account: Tuple[str, str, str], threads: int,
            seconds: float) -> Tuple[int, float]:
    """*threads* raw keep-alive clients (each logged in with its own token) send
    ``GET /REST/Session/`` for *seconds*; return (requests answered, elapsed seconds)."""
    counts = [0] * threads
    errors: List[str] = []
    ready = threading.Barrier(threads + 1)
    stop = threading.Event()

    def worker(index: int) -> None:
        client = RawClient(host, port)
        try:
            token = client.login(account)
            headers = {"Content-Type": "application/json", "Auth-Token": token}
            ready.wait()
            while not stop.is_set():
                client.call("GET", "/REST/Session/", None, headers)
                counts[index] += 1
            client.call("DELETE", "/REST/Session/", None, headers)
        except Exception as err:
            errors.append("%s: %s" % (type(err).__name__, err))
            try:
                ready.abort()
            except Exception:
                pass
        finally:
            client.close()

    workers = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for thread in workers:
        thread.start()
    try:
        ready.wait()
    except threading.BrokenBarrierError:
        pass
    started = time.perf_counter()
    if not errors:
        time.sleep(seconds)
    stop.set()
    elapsed = time.perf_counter() - started
    total = sum(counts)
    for thread in workers:
        thread.join(timeout=60)
    if errors:
        raise RuntimeError(errors[0])
    return total, elapsed


def _hammer_main() -> int:
    """``run.py --hammer``: run :func:`_hammer` with the JSON arguments read from stdin and
    print the result as JSON (the load-generator process of section 4)."""
    args = json.load(sys.stdin)
    total, elapsed = _hammer(args["host"], args["port"], tuple(args["account"]), args["threads"],
                             args["seconds"])
    print(json.dumps({"total": total, "elapsed": elapsed}))
    return 0


def bench_throughput(emu: Any, settings: Settings) -> List[Figure]:
    """Raw keep-alive clients sending GET /REST/Session/ (is-alive) for a while, first as
    threads of this process, then from a separate process."""
    section = "4. Emulator throughput (GET /REST/Session/)"
    account = tuple(emu.demo_account)
    threads = settings.throughput_threads
    total, elapsed = _hammer(emu.host, emu.port, account, threads, settings.throughput_seconds)
    request = {"host": emu.host, "port": emu.port, "account": list(account), "threads": threads,
               "seconds": settings.throughput_seconds}
    done = subprocess.run([sys.executable, os.path.abspath(__file__), "--hammer"], cwd=ROOT,
                          input=json.dumps(request), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=120 + settings.throughput_seconds)
    if done.returncode != 0:
        raise RuntimeError("the load process failed: %s" % done.stderr.strip()[-500:])
    remote = json.loads(done.stdout.strip().splitlines()[-1])
    app_cpu = _app_alone(emu, account, max(200, settings.calls))
    return [
        Figure(section, "requests/s, %d client threads in this process" % threads, total / elapsed, "/s",
               note="%d requests in %.2f s; the clients share the process (and GIL) with the emulator"
               % (total, elapsed)),
        Figure(section, "requests/s, %d client threads in another process" % threads,
               remote["total"] / remote["elapsed"], "/s",
               note="%d requests in %.2f s; the emulator's process serves only"
               % (remote["total"], remote["elapsed"])),
        Figure(section, "emulator WSGI app alone: CPU per request", app_cpu * US, "us",
               note="the app called directly, no HTTP server: the rest of the emulator CPU per "
               "call (section 1) is the HTTP server"),
    ]


def _app_alone(emu: Any, account: Tuple[str, str, str], count: int) -> float:
    """CPU seconds per ``GET /REST/Session/`` handled by the WSGI app called directly."""
    app = emu.app
    client = RawClient(emu.host, emu.port)
    try:
        token = client.login(account)
    finally:
        client.close()
    statuses: List[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Callable:
        statuses.append(status)
        return lambda data: None

    def once() -> None:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/REST/Session/", "QUERY_STRING": "",
                   "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "0", "HTTP_AUTH_TOKEN": token,
                   "REMOTE_ADDR": "127.0.0.1", "SERVER_NAME": emu.host, "SERVER_PORT": str(emu.port),
                   "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
                   "wsgi.errors": sys.stderr}
        result = app(environ, start_response)
        b"".join(result)
        close = getattr(result, "close", None)
        if close is not None:
            close()

    for _ in range(20):
        once()
    del statuses[:]
    cpu = _timed_loop(count, once).cpu
    if not statuses or not statuses[-1].startswith("200"):
        raise RuntimeError("the app answered %r" % (statuses[-1:],))
    return cpu


# --------------------------------------------------------------------------------------
# 5. Import time
# --------------------------------------------------------------------------------------
_IMPORT_SNIPPET = ("import time; t = time.perf_counter(); import dyn.tm.session; "
                   "print(repr(time.perf_counter() - t))")


def _run_python(args: List[str], cache: str) -> Tuple[float, str, str]:
    """Run the interpreter with *args* from the project root, bytecode cached under
    *cache*; return (wall, stdout, stderr)."""
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    # Installed packages come with compiled bytecode: measure with it, even where the
    # environment disables writing it, without writing into the project tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = cache
    start = time.perf_counter()
    done = subprocess.run([sys.executable] + args, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(args), done.stderr.strip()[-500:]))
    return wall, done.stdout, done.stderr


def _importtime_breakdown(stderr: str) -> Tuple[float, List[Tuple[str, int]]]:
    """From ``-X importtime`` output: the self time of the dyn modules (ms) and the
    non-dyn modules they import directly, with their cumulative microseconds, largest
    first (what the import pulls in)."""
    pattern = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)")
    stack: List[Tuple[str, int, int, int, list]] = []  # (name, self, cumulative, depth, children)
    for line in stderr.splitlines():
        match = pattern.match(line)
        if not match:
            continue
        depth = (len(match.group(3)) - 1) // 2
        children = []
        while stack and stack[-1][3] > depth:  # children are printed before their parent
            children.insert(0, stack.pop())
        stack.append((match.group(4), int(match.group(1)), int(match.group(2)), depth, children))
    dyn_self = 0
    pulled: List[Tuple[str, int]] = []

    def walk(node) -> None:
        nonlocal dyn_self
        name, own, _cumulative, _depth, children = node
        dyn_self += own
        for child in children:
            if child[0] == "dyn" or child[0].startswith("dyn."):
                walk(child)
            else:
                pulled.append((child[0], child[2]))

    for node in stack:
        if node[0] == "dyn" or node[0].startswith("dyn."):
            walk(node)
    return dyn_self / 1000.0, sorted(pulled, key=lambda item: -item[1])


def bench_import(settings: Settings) -> List[Figure]:
    section = "5. Import time (fresh interpreters, median of %d)" % settings.import_runs
    cache = tempfile.mkdtemp(prefix="dyn-bench-pycache-")
    try:
        _run_python(["-c", "import dyn.tm.session"], cache)  # compile once, warm the file cache
        inside: List[float] = []
        with_start: List[float] = []
        bare: List[float] = []
        for _ in range(settings.import_runs):
            _, out, _ = _run_python(["-c", _IMPORT_SNIPPET], cache)
            inside.append(float(out.strip().splitlines()[-1]))
            with_start.append(_run_python(["-c", "import dyn.tm.session"], cache)[0])
            bare.append(_run_python(["-c", "pass"], cache)[0])
        _, _, err = _run_python(["-X", "importtime", "-c", "import dyn.tm.session"], cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    dyn_self, pulled = _importtime_breakdown(err)
    breakdown = ", ".join("%s %.1f ms" % (name, us / 1000.0) for name, us in pulled[:6])
    breakdown = "dyn modules themselves %.1f ms; largest imports they pull in: %s" % (
        dyn_self, breakdown or "n/a")
    extra = statistics.median(with_start) - statistics.median(bare)
    return [
        Figure(section, "import dyn.tm.session (perf_counter around it)", statistics.median(inside) * MS,
               "ms", target=35.0, note="-X importtime: %s" % breakdown),
        Figure(section, "interpreter + import minus bare interpreter", extra * MS, "ms",
               note="bare interpreter start %.1f ms" % (statistics.median(bare) * MS)),
    ]


# --------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------
def _print_table(figures: List[Figure], out) -> None:
    name_w = max(len(f.name) for f in figures) + 2
    value_w = max(12, max(len(f.value_text()) for f in figures) + 2)
    target_w = max(10, max(len(f.target_text()) for f in figures) + 2)
    header = "%-*s%*s  %-*s%s" % (name_w, "figure", value_w, "value", target_w, "target", "result")
    rule = "-" * len(header)
    section = None
    print(header, file=out)
    for figure in figures:
        if figure.section != section:
            section = figure.section
            print(rule, file=out)
            print(section, file=out)
        print("  %-*s%*s  %-*s%s" % (name_w - 2, figure.name, value_w, figure.value_text(), target_w,
                                     figure.target_text(), figure.verdict), file=out)
    print(rule, file=out)
    notes = [f for f in figures if f.note or f.error]
    if notes:
        print("\nNotes:", file=out)
        for figure in notes:
            print("  %s: %s" % (figure.name, figure.error or figure.note), file=out)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the dyn SDK against its emulator.")
    parser.add_argument("--quick", action="store_true", help="small counts: a smoke run of a few seconds")
    parser.add_argument("--calls", type=int, help="calls per overhead loop (default 2000, quick 200)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
    parser.add_argument("--hammer", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.hammer:
        return _hammer_main()
    settings = Settings.quick() if options.quick else Settings()
    if options.calls:
        settings.calls = options.calls

    try:
        from dyn.emulator import Emulator
    except ImportError as err:
        print("The benchmark needs the emulator (%s): pip install -e \".[emulator]\"" % err, file=sys.stderr)
        return 2

    out = sys.stdout
    figures: List[Figure] = []
    emu = Emulator(host="127.0.0.1", port=0)
    emu.start()
    try:
        print("dyn %s benchmark (%s run): Python %s on %s, %d CPUs; emulator in this process at %s"
              % (__version__, "quick" if options.quick else "full", platform.python_version(),
                 platform.system(), os.cpu_count() or 1, emu.url), file=out)
        benches: List[Tuple[str, Callable[[], List[Figure]]]] = [
            ("1. SDK overhead", lambda: bench_overhead(emu, settings)),
            ("2. Job-poll latency", lambda: bench_jobs(emu, settings)),
            ("3. Concurrent logins", lambda: bench_logins(emu, settings)),
            ("4. Emulator throughput", lambda: bench_throughput(emu, settings)),
            ("6. Zones and records", lambda: bench_records(emu, settings)),
        ]
        for title, bench in benches:
            print("  running %s ..." % title, file=out, flush=True)
            figures.extend(_guarded(title, bench))
            emu.reset()
    finally:
        emu.stop()
    print("  running 5. Import time ...", file=out, flush=True)
    figures.extend(_guarded("5. Import time", lambda: bench_import(settings)))
    print("", file=out)
    _print_table(figures, out)
    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump({"quick": options.quick, "settings": settings.__dict__,
                       "figures": [f.as_dict() for f in figures]}, handle, indent=2)
    return 0


def _guarded(title: str, bench: Callable[[], List[Figure]]) -> List[Figure]:
    """Run one benchmark; a crash becomes an ERROR line instead of ending the run."""
    try:
        return bench()
    except Exception as err:
        traceback.print_exc()
        return [Figure(title, "(benchmark failed)", None, "", error="%s: %s" % (type(err).__name__, err))]


if __name__ == "__main__":
    sys.exit(main())
