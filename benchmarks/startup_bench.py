"""Start-up cost: CPU time of fresh `lotkeeper` processes (issue 10, item 4).

Run: .venv/bin/python benchmarks/startup_bench.py [--runs 5] [--store DIR] [--json FILE]

Each figure is the median CPU time (user + system, from the child's rusage) of `--runs` fresh
processes: `lotkeeper --help`; `lotkeeper check CONTAINER` on a small store (the demo);
`lotkeeper label LOT` for a lot of 50 containers (the password check and the PDF included);
and the application started as far as its sign-in window (offscreen Qt; the
LOTKEEPER_QUIT_AT_SIGN_IN hook of desktop/app.py closes the window once shown). Two floors
measured in the same run give the figures a scale: a bare interpreter, and importing
SQLAlchemy's ORM, which every command that opens the record needs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.app import QUIT_AT_SIGN_IN_ENV  # noqa: E402
from desktop.demo import DEMO_FILENAME, PASSWORDS  # noqa: E402

LABELLED = "BENCH-50"  # the supplier lot received with 50 containers
TIMEOUT = 120


@dataclass(frozen=True)
class Figure:
    name: str
    goal_s: float | None
    median_s: float
    runs_s: list[float]


def lotkeeper() -> list[str]:
    """The installed console script when there is one (what a person runs), else -m."""
    script = Path(sys.executable).with_name("lotkeeper")
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop.cli"]


def cpu_of(command: list[str], env: dict[str, str], stdin: str = "") -> float:
    """CPU seconds (user + system) of one child process, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        command, input=stdin, capture_output=True, text=True, env=env, timeout=TIMEOUT
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 4):  # 4: `check` said STOP, a normal answer
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-400:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(
    name: str,
    command: list[str],
    env: dict[str, str],
    runs: int,
    goal: float | None,
    stdin: str = "",
) -> Figure:
    cpu_of(command, env, stdin)  # warm the page cache and the .pyc files: not counted
    times = [cpu_of(command, env, stdin) for _ in range(runs)]
    return Figure(name, goal, statistics.median(times), [round(t, 4) for t in times])


def small_store(folder: Path, env: dict[str, str]) -> tuple[str, str, str]:
    """(database URL, a container, a lot of 50 containers): the demo, plus one receipt."""
    path = folder / DEMO_FILENAME
    if not path.exists():
        demo = [*lotkeeper(), "demo", "--no-app"]
        subprocess.run(demo, env=env, check=True, timeout=600, capture_output=True)
    url = f"sqlite:///{path}"
    show = [*lotkeeper(), "--db", url, "lot", "show", _lot_of(url, env), "--json"]
    found = subprocess.run(show, env=env, capture_output=True, text=True, check=True)
    lot = json.loads(found.stdout)
    return url, lot["containers"][0]["id"], lot["lot"]


def _lot_of(url: str, env: dict[str, str]) -> str:
    """The lot of 50 containers, received once into the store (kept for later runs)."""
    import sqlite3

    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as con:
        row = con.execute("SELECT lot_number FROM lots WHERE supplier_lot = ?", (LABELLED,))
        known = row.fetchone()
    if known:
        return str(known[0])
    receive = [*lotkeeper(), "--db", url, "receive", "--reference", "RM-001"]
    receive += ["--lot", LABELLED, "--expiry", "2035-01-01", "--containers", "50"]
    receive += ["--quantity", "1", "--by", "tech", "--json"]
    stdin = PASSWORDS["tech"] + "\n"
    done = subprocess.run(receive, input=stdin, env=env, capture_output=True, text=True, check=True)
    return str(json.loads(done.stdout)["lot"])


def run(runs: int, store: Path) -> list[Figure]:
    store.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LOTKEEPER_DATA": str(store), "QT_QPA_PLATFORM": "offscreen"}
    env.pop(QUIT_AT_SIGN_IN_ENV, None)
    url, container, lot = small_store(store, env)
    out = store / "labels.pdf"
    cli = [*lotkeeper(), "--db", url]
    label = [*cli, "label", lot, "--out", str(out), "--force", "--by", "tech"]
    quit_env = {**env, QUIT_AT_SIGN_IN_ENV: "1"}
    return [
        measure("floor: python -c pass", [sys.executable, "-c", "pass"], env, runs, None),
        measure(
            "floor: import sqlalchemy.orm",
            [sys.executable, "-c", "import sqlalchemy.orm"],
            env,
            runs,
            None,
        ),
        measure("lotkeeper --help", [*lotkeeper(), "--help"], env, runs, 0.3),
        measure("lotkeeper check CONTAINER", [*cli, "check", container], env, runs, 0.3),
        measure("lotkeeper label (50 containers)", label, env, runs, 0.5, PASSWORDS["tech"]),
        measure("start -> sign-in window", cli, quit_env, runs, 0.6),
    ]


def table(figures: list[Figure]) -> str:
    lines = [f"{'figure':36} {'goal':>7} {'median CPU':>11}  runs (s)"]
    for f in figures:
        goal = f"{f.goal_s:.2f} s" if f.goal_s is not None else "-"
        met = "" if f.goal_s is None else ("  ok" if f.median_s <= f.goal_s else "  OVER")
        runs = " ".join(f"{t:.3f}" for t in f.runs_s)
        lines.append(f"{f.name:36} {goal:>7} {f.median_s:9.3f} s  {runs}{met}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure")
    parser.add_argument("--store", type=Path, help="folder of the small store (kept, reused)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lotkeeper-startup-") as scratch:
        figures = run(args.runs, args.store or Path(scratch))
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps([asdict(f) for f in figures], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
