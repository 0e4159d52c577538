"""The app's colours, in one place: statuses (with the workstation's overrides), ink, feedback.

Status colours are the label colours (labels.status_style), overridden by the workstation's
preferences, so the screen and the printed labels agree. Ink (text on a coloured background)
follows the labels' rule too: black or white, whichever has the higher WCAG contrast.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QColor

from labels.status_words import DEFAULT_COLOURS, STATUS_WORDS

# Feedback: backgrounds of banners and panels, and the same meaning as text on white.
OK = "#1b7f3b"
ERROR = "#b3261e"
WARNING = "#f0b400"  # a background; as text it is too pale, see WARNING_TEXT
WARNING_TEXT = "#9a6700"
INFO = "#17324d"  # information text, dark blue
INFO_BACKGROUND = "#e8eef7"
DONE = "#17324d"
MUTED = "#555555"  # hints and notes
FAINT = "#999999"  # dashed placeholders' borders
MET = "#1b6b34"  # a prerequisite met, a positive fact as text
MISSING = "#9b1c14"  # a prerequisite missing, a problem as text
NEUTRAL = "#5f6368"  # a status or badge with no colour of its own
HIGHLIGHT = "#1f5fa8"  # a drop target's border
HIGHLIGHT_BACKGROUND = "#eef4fb"
NOTICE_BACKGROUND = "#fff6cc"  # a box asking to check something before signing
NOTICE_BORDER = "#c9a400"
BADGE_COLOURS = {"EXPIRED": "#8e1b13", "DEPLETED": NEUTRAL}
BLACK = "#000000"
WHITE = "#ffffff"
SOFT_TEXT = "#444444"  # a minor fact, quieter than the text but not a hint
CURTAIN = "#e8e8e8"  # the lock screen's cover over the data
SUBSTITUTE = "#ffe08a"  # a scanner's GS substitute, highlighted in what it sent

# What a word means, as a text colour in a list: the same meaning, the same colour everywhere.
SEVERITY_COLOURS = {"critical": ERROR, "major": WARNING_TEXT, "minor": SOFT_TEXT}
RISK_COLOURS = {
    "critical": MISSING,
    "major": "#a85b00",
    "minor": MET,
    "starting_material": "#3b4a8c",
}
ALERT_COLOURS = {
    "shortage": ERROR,
    "expired_stock": ERROR,
    "expiring": WARNING_TEXT,
    "no_backup": WARNING_TEXT,
    "quarantine_aging": INFO,
    "supplier": INFO,
}
# The deviations chart: open (needs QA) stands out, closed recedes.
CHART_OPEN = "#c2410c"
CHART_CLOSED = "#8aa0b8"
CHART_TEXT = "#1f2933"
CHART_AXIS = "#c9d2dc"

__all__ = ["DEFAULT_COLOURS", "STATUS_WORDS"]


def status_key(status: str) -> str:
    """ "on hold", "On Hold" and "ON_HOLD" are all ON_HOLD."""
    return "_".join(status.strip().upper().replace("_", " ").split())


def status_colours(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every status's colour: the label defaults, overridden by the workstation's choice.

    An override that is not a colour, or names no status, is ignored: a bad preference file
    must not leave a status without its colour.
    """
    chosen = dict(DEFAULT_COLOURS)
    for status, colour in (overrides or {}).items():
        key = status_key(status)
        if key in chosen and QColor(colour).isValid():
            chosen[key] = colour
    return chosen


def status_colour(status: str, overrides: Mapping[str, str] | None = None) -> str:
    """The colour of a status (or of an EXPIRED / DEPLETED badge)."""
    return status_colours(overrides).get(status, BADGE_COLOURS.get(status, NEUTRAL))


def ink(background: str) -> str:
    """Black or white text, whichever contrasts more with `background` (WCAG luminance).

    The same rule as the printed labels (labels.status_style), so a chip reads like its label.
    """
    colour = QColor(background)
    if not colour.isValid():
        return BLACK

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    black_contrast = (luminance + 0.05) / 0.05
    white_contrast = 1.05 / (luminance + 0.05)
    return BLACK if black_contrast >= white_contrast else WHITE


def muted_style() -> str:
    """A hint or note: quieter than the text it explains."""
    return f"color:{MUTED};"


def error_text_style() -> str:
    """A refusal shown as text beside a form (dialogs that have no banner)."""
    return f"color:{ERROR}; font-weight:bold;"


def notice_style() -> str:
    """A box asking the person to check something before they sign."""
    box = f"background:{NOTICE_BACKGROUND}; border:1px solid {NOTICE_BORDER}; padding:6px;"
    return f"QLabel {{ {box} }}"


def tag_html(text: str, background: str = ERROR) -> str:
    """A word on its colour inside rich text (a GS character, a control code)."""
    return f"<b style='color:{ink(background)}; background:{background}'>&nbsp;{text}&nbsp;</b>"


def coloured_html(text: str, colour: str, *, bold: bool = False) -> str:
    """Rich text in one colour (`text` already escaped)."""
    body = f"<b>{text}</b>" if bold else text
    return f"<span style='color:{colour}'>{body}</span>"
