"""Test-wide setup: no screen, and no test ever touches the real user data folder."""

from __future__ import annotations

import os

# Set before any Qt import (pytest-qt imports Qt when the session starts).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.fixtures.databases", "tests.fixtures.world"]
