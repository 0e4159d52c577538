"""Did a lot or serial swallow the next field because the scanner lost a separator?

In a GS1 element string a variable-length field (lot 10, serial 21) ends at a GS. When the GS
is lost, the field runs on and absorbs what follows (`10LOTA21SN1` reads as lot `LOTA21SN1`).
Such a scan is not an error but needs a person's confirmation.
"""

from __future__ import annotations

from biip import ParseError
from biip.gs1_element_strings import GS1ElementString

from labels.gs1_fields import FIELD_NAMES, FIXED_FIELDS, label


def suspicions(fields: dict[str, GS1ElementString], present: set[str]) -> list[str]:
    found = []
    for ai in ("10", "21"):
        if ai in fields and (absorbed := swallowed(ai, fields[ai].value, present)):
            name = FIELD_NAMES[ai]
            found.append(
                f"The {name} '{fields[ai].value}' may contain {absorbed}: a separator "
                f"may be missing. Rescan, or confirm the {name}."
            )
    return found


def swallowed(host: str, value: str, present: set[str]) -> str | None:
    """What a lot/serial may have absorbed because the GS after it was lost, or None.

    A lost GS makes the field run on to the next GS or the end, so what it absorbed is a
    *whole* tail of the value that biip reads as complete element strings. We flag the leftmost
    position i >= 1 whose tail value[i:] is such a sequence and is plausible:
    - only fields Lotkeeper reads (01, 10, 11, 17, 21), none equal to the host field and none
      already elsewhere in the scan (a second copy would be a duplicate, not a lost field);
    - only the last may be variable-length (a middle one would need its own GS);
    - biip validates them: GTIN check digit, real dates;
    - the character before the tail is a letter or digit (real lots rarely end in '-', '/', '.');
    - a tail that is only a 10/21 field, with no date or GTIN to check, is weak evidence
      (lots like PL2103A are common): it needs a letter on both sides of the AI (LOTA|21|SN1)
      and two or more characters of content, so plain digit runs (1234210567) never flag.
    """
    for i in range(1, len(value) - 2):
        if not value[i - 1].isalnum():
            continue
        tail = _tail_elements(value[i:]) or []
        ais = [element.ai.ai for element in tail]
        if (
            not tail
            or len(set(ais)) != len(ais)
            or any(ai not in FIELD_NAMES or ai == host or ai in present for ai in ais)
        ):
            continue
        if any(ai in FIXED_FIELDS for ai in ais) or _plausible_variable(value, i):
            return " and ".join(f"{label(e.ai)} '{e.value}'" for e in tail)
    return None


def _plausible_variable(value: str, i: int) -> bool:
    content = value[i + 2 :]
    return value[i - 1].isalpha() and len(content) >= 2 and content[0].isalpha()


def _tail_elements(tail: str) -> list[GS1ElementString] | None:
    elements: list[GS1ElementString] = []
    while tail:
        if elements and elements[-1].ai.separator_required:
            return None
        try:
            element = GS1ElementString.extract(tail)
        except ParseError:
            return None
        if element.gtin_error is not None:
            return None
        elements.append(element)
        tail = tail[len(element) :]
    return elements
