"""The template unit the fast seeder replicates: a small store built by the real workflows.

`template(lots)` returns a SQLite store of `lots` lots over ten years made by
benchmarks/seed_store.py (every change a workflow call, the trail sealed by the app), cached in
/tmp by its parameters and the schema revision. It is built on /dev/shm when there is one (the
store's fsyncs cost nothing there), then moved beside the other caches.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from db import migrate

TEMPLATE_VERSION = 1
CACHE = Path("/tmp")
SCRATCH = Path("/dev/shm")


@dataclass(frozen=True)
class Template:
    path: Path
    lots: int
    years: int
    seed: int

    @property
    def data(self) -> Path:
        """Its site key (keys/) and witness, as seed_store lays them out."""
        return Path(f"{self.path}.data")


def template_path(lots: int, years: int, seed: int) -> Path:
    revision = migrate.head_revision()
    name = f"lotkeeper-template-{lots}-{years}y-s{seed}-r{revision}-v{TEMPLATE_VERSION}.sqlite"
    return CACHE / name


def template(lots: int, *, years: int = 10, seed: int = 20, rebuild: bool = False) -> Template:
    """The cached template of `lots` lots, built (a minute or two for 500 lots) if missing."""
    path = template_path(lots, years, seed)
    marker = Path(f"{path}.json")
    if rebuild or not (path.exists() and marker.exists()):
        _build(path, lots, years, seed)
    return Template(path, lots, years, seed)


def _build(path: Path, lots: int, years: int, seed: int) -> None:
    from benchmarks.seed_store import build  # the workflows: imported only when building

    scratch = SCRATCH / path.name if SCRATCH.is_dir() else path
    summary = build(scratch, lots, years=years, seed=seed, progress=None)
    if scratch != path:
        _move(scratch, path)
    Path(f"{path}.json").write_text(json.dumps({"lots": summary.lots, "seconds": summary.seconds}))


def _move(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{target}.data", ignore_errors=True)
    shutil.move(str(source), target)
    for suffix in ("-wal", "-shm"):
        Path(f"{source}{suffix}").unlink(missing_ok=True)
    shutil.move(f"{source}.data", f"{target}.data")
    Path(f"{source}.json").unlink(missing_ok=True)
