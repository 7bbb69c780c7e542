"""Command line: ``python -m dyn.emulator [options]`` serves the emulator until Ctrl-C or
SIGTERM."""
from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import List, Optional, Sequence, Tuple

from .persist import BACKENDS
from .server import DEFAULT_THREADS, Emulator
from .state import settle_heap

log = logging.getLogger(__name__)


def _account(text: str) -> Tuple[str, str, str]:
    parts = text.split(":", 2)
    if len(parts) != 3 or not all(parts):
        raise argparse.ArgumentTypeError(f"expected CUSTOMER:USER:PASSWORD, got {text!r}")
    return parts[0], parts[1], parts[2]


def _non_negative(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    cli = argparse.ArgumentParser(
        prog="python -m dyn.emulator",
        description="Local emulator of the Dyn TM (/REST/...) and MM (/rest/json/...) APIs.")
    cli.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    cli.add_argument("--port", type=int, default=8080, help="TCP port, 0 for any free one (default 8080)")
    cli.add_argument("--account", action="append", type=_account, metavar="CUSTOMER:USER:PASSWORD",
                     help="TM account to create (repeatable; replaces the demo account)")
    cli.add_argument("--apikey", action="append", metavar="KEY",
                     help="MM API key to accept (repeatable; replaces the demo key)")
    cli.add_argument("--state", metavar="FILE",
                     help="file keeping the state across restarts (an SQLite database; a JSON state "
                          "file found there is imported)")
    cli.add_argument("--state-format", choices=sorted(BACKENDS), default="sqlite",
                     help="how --state is kept: sqlite (default: writes only what changed) or json "
                          "(the whole snapshot at every write)")
    cli.add_argument("--token-lifetime", type=_positive, default=3600, metavar="SECONDS",
                     help="idle seconds before a token expires (default 3600)")
    cli.add_argument("--latency", type=_non_negative, default=0.0, metavar="SECONDS",
                     help="delay added to every API request (default 0)")
    cli.add_argument("--task-duration", type=_non_negative, default=0.0, metavar="SECONDS",
                     help="seconds zone tasks run, blocking changes to their zone (default 0)")
    cli.add_argument("--rate-limit", type=_positive_int, default=None, metavar="PER_MINUTE",
                     help="requests per customer per minute before HTTP 429 (default: off)")
    cli.add_argument("--threads", type=_positive_int, default=DEFAULT_THREADS, metavar="N",
                     help=f"worker threads (default {DEFAULT_THREADS})")
    cli.add_argument("--control-token", metavar="TOKEN",
                     help="lock /__emulator__/ (but health): clients send header X-Dyn-Emulator-Token")
    cli.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                     help="extra Host name the control API accepts (repeatable; '*' for any)")
    cli.add_argument("--log-level", default="WARNING", help="logging level (default WARNING)")
    return cli


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the emulator until interrupted; return the exit status."""
    options = parser().parse_args(argv)
    logging.basicConfig(level=options.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    emulator = Emulator(
        host=options.host, port=options.port, threads=options.threads,
        accounts=options.account, apikeys=options.apikey, state_file=options.state,
        state_backend=options.state_format,
        token_lifetime=options.token_lifetime, latency=options.latency, task_duration=options.task_duration,
        rate_limit_per_minute=options.rate_limit, control_token=options.control_token,
        allow_hosts=options.allow_host)
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    emulator.start()
    settle_heap()  # seeds and loaded state leave the collector's reach (no full-heap pauses)
    try:
        _announce(emulator)
        while not stop.wait(0.5):
            pass
    finally:
        emulator.stop()
        emulator.app.state.close()
    print("dyn emulator stopped", flush=True)
    return 0


def _announce(emulator: Emulator) -> None:
    lines: List[str] = [f"dyn emulator listening on {emulator.url}"]
    for customer, user, password in emulator.app.state.seed_accounts:
        lines.append(f"  TM account: customer={customer} user={user} password={password}")
    for apikey in emulator.app.state.seed_apikeys:
        lines.append(f"  MM API key: {apikey}")
    lines.append(f"  SDK: DynectSession(customer, user, password, host={emulator.host!r}, "
                 f"port={emulator.port}, ssl=False)")
    lines.append(f"  control: {emulator.url}/__emulator__/health  (Ctrl-C to stop)")
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
