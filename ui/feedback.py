"""Unmistakable success and failure: the banner now lives in ui.presentation (space reserved)."""

from __future__ import annotations

from ui.presentation.banner import STYLES, Banner

__all__ = ["STYLES", "Banner"]
