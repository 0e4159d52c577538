"""What `audit verify` found: counts, notes, and problems ordered by what matters first."""

from __future__ import annotations

from dataclasses import dataclass, field

NO_EVENT = 1 << 62  # problems that no event names sort last within their rank
# The trail itself (chain, head, witness, guards) comes before what it says (meaning), which
# comes before the records compared with it: a removed last event is named as such, not as
# the receipt it recorded.
TRAIL, MEANING, RECORDS = 0, 1, 2


@dataclass(frozen=True)
class Problem:
    seq: int
    text: str
    rank: int = RECORDS


@dataclass
class VerifyReport:
    events: int = 0
    records: int = 0
    documents: int = 0
    signatures: int = 0
    checkpoints: int = 0
    keyed_from: int | None = None
    head_seq: int = 0
    head_hash: str = ""
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, seq: int, text: str, rank: int) -> None:
        self.problems.append(Problem(seq, text, rank))

    def ordered(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.rank, p.seq))

    def first(self) -> str | None:
        return self.ordered()[0].text if self.problems else None
