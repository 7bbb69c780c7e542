"""The tour and the benchmark run end to end (against their own embedded emulator)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DYN_")}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_quickstart_tour_runs_against_the_embedded_emulator():
    done = run("examples/quickstart.py")
    assert done.returncode == 0, done.stderr
    assert "using the embedded emulator at http://127.0.0.1:" in done.stdout
    assert "demo_password" not in done.stdout  # the password never shows


def test_bench_quick_prints_every_figure():
    done = run("bench/run.py", "--quick")
    assert done.returncode == 0, done.stderr
    for figure in ("SDK / raw wall ratio", "Job-poll latency", "lost sessions", "requests/s",
                   "import dyn.tm.session"):
        assert figure in done.stdout
