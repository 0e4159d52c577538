"""Dates typed by people: YYYY-MM-DD exactly, nothing Python would also guess at."""

from __future__ import annotations

import re
from datetime import date

from db.errors import Refused

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)


def date_problem(text: str, what: str = "date") -> str | None:
    """Why `text` is not a date as the record takes it (None: it is one)."""
    match = _ISO.fullmatch(text)
    if match is None:
        return f"the {what} {_shown(text)} is not a date: write it as YYYY-MM-DD"
    try:
        date(*(int(part) for part in match.groups()))
    except ValueError:
        return f"the {what} {text} is not a date of the calendar"
    return None


def parse_date(text: str, what: str = "date") -> date:
    """`text` (YYYY-MM-DD, ASCII digits, a real calendar date) as a date, or a refusal.

    date.fromisoformat also takes 20281231, 2028-W01-1 and other scripts' digits in 3.11."""
    text = text.strip(" \t")
    problem = date_problem(text, what)
    if problem:
        raise Refused(problem)
    return date.fromisoformat(text)


def _shown(text: str) -> str:
    return repr(text if len(text) <= 24 else text[:24] + "…")
