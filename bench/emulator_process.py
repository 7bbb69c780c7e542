"""The emulator in its own process (``python -m dyn.emulator``), steered over its
control API with :class:`dyn.testing.RawClient`."""
import re
import subprocess
import sys
from typing import Any, Optional

from dyn.testing import RawClient

__all__ = ["EmulatorProcess"]


class EmulatorProcess:
    """Start ``python -m dyn.emulator`` on a free port; stop it on exit (also after errors)."""

    def __init__(self, threads: int = 32):
        self.threads = threads
        self.process: Optional[subprocess.Popen] = None
        self.host = "127.0.0.1"
        self.port = 0
        self.control: Optional[RawClient] = None
        self.account = ("", "", "")

    def __enter__(self) -> "EmulatorProcess":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dyn.emulator", "--port", "0", "--threads", str(self.threads)],
            stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://([\d.]+):(\d+)", line)
        if not match:
            self.__exit__()
            raise RuntimeError("emulator did not start: %r" % line)
        self.host, self.port = match.group(1), int(match.group(2))
        account = re.search(r"customer=(\S+) user=(\S+) password=(\S+)", self.process.stdout.readline())
        self.account = account.groups() if account else ("", "", "")
        self.control = RawClient("http://%s:%d" % (self.host, self.port))
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self.control is not None:
            self.control.close()
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process.stdout.close()
            self.process = None

    def _post(self, path: str, body: dict) -> Any:
        status, _, data = self.control.request("POST", "/__emulator__/" + path, body)
        if status != 200:
            raise RuntimeError("control %s failed: %s %r" % (path, status, data))
        return data

    def reset(self) -> None:
        """Back to the seeded state (no zones, tokens or faults)."""
        self._post("reset", {})

    def configure(self, **settings: Any) -> None:
        """Set run-time knobs (``latency=0.02``, ...)."""
        self._post("config", settings)

    def add_fault(self, kind: str, match: Optional[str] = None, times: Optional[int] = 1, **params: Any) -> None:
        """Add a fault rule (see :data:`dyn.emulator.faults.FAULT_KINDS`)."""
        self._post("faults", {"kind": kind, "match": match, "times": times, **params})
