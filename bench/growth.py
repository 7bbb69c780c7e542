"""Growth figures: how emulator costs grow with zone size (the emulator in its own process).

Run ``python bench/growth.py`` (or ``python -m bench.growth`` from the repository root):
for a zone of 2,000 and of 20,000 records, uploaded as a zone file, it times node-level
calls (a 1-record node's records, the missing-node 404, a node delete), one record add
plus publish, the emulator's RSS growth over 20 reads of the whole zone, and what
``--state`` costs per write (add plus publish in each format, record writes per second
with SQLite); it prints
each figure at both sizes with its growth exponent (log of the ratio over log of the size
ratio: 0 is flat, 1 is linear).
"""
from __future__ import annotations

import http.client
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = (2_000, 20_000)
ACCOUNT = ("demo", "demo_user", "demo_password")
ZONE = "growth.example"


class Emulator:
    """``python -m dyn.emulator`` on a free port in a child process."""

    def __init__(self, *options: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "dyn.emulator", "--host", "127.0.0.1", "--port", "0",
                                         *options],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        match = re.search(r"http://([\d.]+):(\d+)", self.process.stdout.readline())
        if not match:
            self.close()
            raise RuntimeError("the emulator process did not start")
        self.conn = http.client.HTTPConnection(match.group(1), int(match.group(2)), timeout=120)
        self.token = ""

    def call(self, method: str, path: str, body: Optional[dict] = None) -> Tuple[int, dict]:
        headers = {"Content-Type": "application/json", "Auth-Token": self.token}
        self.conn.request(method, "/REST" + path, json.dumps(body).encode() if body is not None else None, headers)
        response = self.conn.getresponse()
        return response.status, json.loads(response.read())

    def rss_mb(self) -> float:
        with open(f"/proc/{self.process.pid}/status") as handle:
            line = next(item for item in handle if item.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


def zone_file(count: int) -> str:
    lines = [f"$ORIGIN {ZONE}.", "$TTL 3600", f"@ IN SOA ns1.example.net. hostmaster.{ZONE}. 1 3600 600 604800 1800",
             "@ IN NS ns1.example.net."]
    lines += [f"h{n} IN A 10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in range(count)]
    return "\n".join(lines) + "\n"


def median_ms(emu: Emulator, calls: List[Tuple[str, str, Optional[dict]]], expect: int = 200) -> float:
    times = []
    for method, path, body in calls:
        start = time.perf_counter()
        status, reply = emu.call(method, path, body)
        times.append(time.perf_counter() - start)
        if status != expect:
            raise RuntimeError(f"{method} {path}: HTTP {status} {reply.get('msgs')}")
    return statistics.median(times) * 1000


def _start(count: int, *options: str) -> Emulator:
    """An emulator process, logged in, with a zone of ``count`` records uploaded."""
    emu = Emulator(*options)
    status, reply = emu.call("POST", "/Session/", dict(zip(("customer_name", "user_name", "password"), ACCOUNT)))
    emu.token = reply["data"]["token"]
    status, reply = emu.call("POST", f"/ZoneFile/{ZONE}/", {"file": zone_file(count)})
    if status != 200:
        emu.close()
        raise RuntimeError(f"zone file upload: {reply.get('msgs')}")
    return emu


def _add_publish_ms(emu: Emulator, prefix: str, rounds: int = 20) -> float:
    times = []
    for n in range(rounds):
        start = time.perf_counter()
        emu.call("POST", f"/ARecord/{ZONE}/{prefix}{n}.{ZONE}/", {"rdata": {"address": "192.0.2.1"}})
        emu.call("PUT", f"/Zone/{ZONE}/", {"publish": True})
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure_state(count: int) -> Dict[str, float]:
    """What ``--state`` costs per write in each format, with ``count`` records saved."""
    figures = {}
    for fmt in ("sqlite", "json"):
        with tempfile.TemporaryDirectory() as folder:
            emu = _start(count, "--state", os.path.join(folder, "state"), "--state-format", fmt)
            try:
                figures[f"add + publish, --state {fmt} (ms)"] = _add_publish_ms(emu, "s")
                if fmt == "sqlite":
                    start = time.perf_counter()
                    for n in range(200):
                        emu.call("POST", f"/ARecord/{ZONE}/w{n}.{ZONE}/", {"rdata": {"address": "192.0.2.2"}})
                    figures["writes/s, --state sqlite"] = 200 / (time.perf_counter() - start)
            finally:
                emu.close()
    return figures


def measure(count: int) -> Dict[str, float]:
    emu = _start(count)
    try:
        figures = {
            "node records (ms)": median_ms(emu, [("GET", f"/AllRecord/{ZONE}/h{n}.{ZONE}/", None) for n in range(40)]),
            "missing node 404 (ms)": median_ms(emu, [("GET", f"/AllRecord/{ZONE}/none{n}.{ZONE}/", None)
                                                    for n in range(40)], expect=404),
            "node delete (ms)": median_ms(emu, [("DELETE", f"/Node/{ZONE}/h{n}.{ZONE}/", None) for n in range(40, 80)]),
        }
        emu.call("DELETE", f"/ZoneChanges/{ZONE}/")
        figures["add + publish (ms)"] = _add_publish_ms(emu, "new")
        before = emu.rss_mb()
        for _ in range(20):
            emu.call("GET", f"/AllRecord/{ZONE}/")
        figures["RSS growth, 20 zone reads (MB)"] = emu.rss_mb() - before
        return figures
    finally:
        emu.close()


def main() -> int:
    """Print every figure at each size with its exponent."""
    results = {count: {**measure(count), **measure_state(count)} for count in SIZES}
    small, large = SIZES
    print(f"{'figure':34} {small:>10,} {large:>10,}  exponent")
    for name in results[small]:
        a, b = results[small][name], results[large][name]
        exponent = math.log(b / a) / math.log(large / small) if a > 0 and b > 0 else float("nan")
        print(f"{name:34} {a:10.2f} {b:10.2f}  {exponent:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
