"""The chain head as people read it: printed on certificates, compared by `audit verify`."""

from __future__ import annotations


def fingerprint(head_hash: str) -> str:
    """The first 64 bits of the head, in four groups: enough to tell one history from another
    on paper, short enough to read out on the phone."""
    digits = head_hash[:16].upper()
    return " ".join(digits[i : i + 4] for i in range(0, 16, 4))
