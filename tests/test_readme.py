"""README's two commands are true: the test command is exactly what CI runs."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci_command = [
        line
        for line in (ROOT / ".ci/run").read_text().splitlines()
        if line.startswith("python3 -m venv")
    ]
    assert len(ci_command) == 1
    readme = (ROOT / "README.md").read_text()
    assert ci_command[0] in readme


def test_readme_opens_with_the_run_and_test_commands() -> None:
    commands = [
        line
        for line in (ROOT / "README.md").read_text().splitlines()
        if line.startswith("python3 -m venv")
    ]
    assert commands[0].endswith("lotkeeper demo")
    assert commands[1].endswith(".venv/bin/pytest")
