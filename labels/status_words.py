"""Each status's word and default colour: plain data, shared by the labels and the screens.

Kept apart from labels/status_style.py so the screens get them without loading reportlab.
"""

from __future__ import annotations

STATUS_WORDS = {
    "QUARANTINE": "QUARANTINE",
    "RELEASED": "RELEASED",
    "REJECTED": "REJECTED",
    "ON_HOLD": "ON HOLD",
}
DEFAULT_COLOURS = {
    "QUARANTINE": "#FFD400",  # yellow
    "RELEASED": "#34A853",  # green
    "REJECTED": "#E53935",  # red
    "ON_HOLD": "#FB8C00",  # orange
}
