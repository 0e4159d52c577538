"""Run the real `lotkeeper` command in a child process, as a person or a script would."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def lotkeeper(url: str, *args: str, stdin: str = "") -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--db", url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def ok(url: str, *args: str, stdin: str = "") -> Run:
    run = lotkeeper(url, *args, stdin=stdin)
    assert run.code == 0, f"lotkeeper {' '.join(args)} failed: {run.err}"
    return run


def refused(url: str, *args: str, stdin: str = "", says: str = "") -> Run:
    """Exit 1 with exactly one line on stderr that says why."""
    run = lotkeeper(url, *args, stdin=stdin)
    assert run.code == 1, (run.code, run.err)
    assert run.err.count("\n") == 1 and run.err.startswith("lotkeeper: "), run.err
    assert "Traceback" not in run.err
    assert says in run.err, run.err
    return run
