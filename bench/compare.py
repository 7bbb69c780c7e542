"""Side by side with the classic SDK: the same zone workflow, the emulator in its own process.

Usage::

    python bench/compare.py              # 500 records, 3 interleaved rounds (about a minute)
    python bench/compare.py --records 100 --rounds 1   # a smoke run

Clients: the classic ``dyn==1.8.6`` (installed on first use into its own virtualenv under
``~/.cache/dyn-bench``, outside the repository), ours with each transport, and a raw
:mod:`http.client` floor sending the same requests. Each run is a fresh process
(``bench/workload.py``); rounds are interleaved and medians printed, with ratios to the
classic: single thread wall and client CPU per call, 8 threads, import plus first login,
peak RSS.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
from typing import Any, Dict, List

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from emulator_process import EmulatorProcess  # noqa: E402

CLASSIC_VENV = os.path.join(os.path.expanduser("~"), ".cache", "dyn-bench", "classic-1.8.6")


def classic_python() -> str:
    """The classic SDK's interpreter (its virtualenv is made on first use)."""
    python = os.path.join(CLASSIC_VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", CLASSIC_VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "dyn==1.8.6"], check=True)
    return python


def run_client(python: str, opts: Dict[str, Any]) -> Dict[str, Any]:
    """One fresh-process run of ``workload.py``; its figures."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([python, os.path.join(HERE, "workload.py"), json.dumps(opts)], check=True,
                         capture_output=True, text=True, env=env, cwd="/").stdout
    result = json.loads(out.strip().splitlines()[-1])
    if result["errors"]:
        raise RuntimeError("%s: %s" % (opts["client"], result["errors"][:2]))
    return result


def main(argv: List[str] = None) -> None:
    """Run every client, interleaved, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    clients = {"classic": (classic_python(), {"client": "classic"}),
               "ours (urllib3, default)": (sys.executable, {"client": "ours", "transport": "urllib3"}),
               "ours (http.client)": (sys.executable, {"client": "ours", "transport": "http.client"}),
               "raw http.client": (sys.executable, {"client": "raw"})}
    figures: Dict[str, Dict[str, List[float]]] = {name: {} for name in clients}
    with EmulatorProcess() as emulator:
        serial = 0
        for _ in range(args.rounds):
            for threads in (1, 8):
                for name, (python, base) in clients.items():
                    emulator.reset()
                    serial += 1
                    opts = dict(base, host=emulator.host, port=emulator.port, account=list(emulator.account),
                                records=args.records if threads == 1 else args.records // 4, threads=threads,
                                zone="z%d.example" % serial)
                    result = run_client(python, opts)
                    got = figures[name]
                    got.setdefault("wall%d" % threads, []).append(result["wall"])
                    got.setdefault("cpu_call%d" % threads, []).append(result["cpu"] / result["calls"] * 1e6)
                    if threads == 1:
                        got.setdefault("first_login", []).append(result["first_login"] * 1e3)
                        got.setdefault("rss", []).append(result["maxrss_kib"] / 1024)
    rows = [("single thread, wall (s)", "wall1"), ("single thread, client CPU per call (us)", "cpu_call1"),
            ("8 threads, wall (s)", "wall8"), ("8 threads, client CPU per call (us)", "cpu_call8"),
            ("import + first login (ms)", "first_login"), ("peak RSS (MiB)", "rss")]
    median = {name: {k: statistics.median(v) for k, v in got.items()} for name, got in figures.items()}
    base = median["classic"]
    print("records=%d rounds=%d (medians; ratio to classic in brackets)" % (args.records, args.rounds))
    print("%-42s" % "figure" + "".join("%-26s" % name for name in clients))
    for label, key in rows:
        cells = ["%.3g (%.2fx)" % (median[name][key], median[name][key] / base[key]) for name in clients]
        print("%-42s" % label + "".join("%-26s" % c for c in cells))


if __name__ == "__main__":
    main()
