"""Run the `lotkeeper` command as a person or a script would, and read what it says.

`lotkeeper()` calls the same `main(argv)` the installed script calls, in this process, with
standard input, output and error replaced: the same parsing, exit codes and messages, without
paying for an interpreter start per command. `lotkeeper_process()` runs a real child process,
for what only a process shows (a usage error's exit, a kill, concurrent commands).
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from desktop.cli.main import main


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def lotkeeper(url: str, *args: str, stdin: str = "") -> Run:
    out, err = io.StringIO(), io.StringIO()
    saved, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", url, *args])
    except SystemExit as stop:  # argparse: usage errors and --help
        code = stop.code if isinstance(stop.code, int) else 2
    finally:
        sys.stdin = saved
    return Run(code, out.getvalue(), err.getvalue())


def lotkeeper_process(url: str, *args: str, stdin: str = "") -> Run:
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
