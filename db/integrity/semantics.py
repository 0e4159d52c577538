"""Check what the trail means, not only that it is intact: replay it against the GMP rules.

Every lot status change must be the transition its action allows, signed in the same
transaction by the person acting, who then held the QA role (and, for a release, did not
receive the lot); every role change must be made by another person who then held the admin
role; every change to what a release requires must carry a QA approval. The replayed lot
statuses and roles must be what the tables hold. The first event that disagrees is named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from db.catalog_changes import RELEASE_FIELDS
from db.duties import combination_problem
from db.integrity.chain_check import Event, event_of
from db.integrity.report import MEANING, NO_EVENT, VerifyReport

# (from, to) -> (action, signature meaning, four eyes)
TRANSITIONS = {
    ("QUARANTINE", "RELEASED"): ("lot.release", "Released", True),
    ("QUARANTINE", "REJECTED"): ("lot.reject", "Rejected", True),
    ("ON_HOLD", "REJECTED"): ("lot.reject", "Rejected", True),
    ("RELEASED", "ON_HOLD"): ("lot.hold", "Put on hold", False),
    ("ON_HOLD", "RELEASED"): ("lot.unhold", "Hold lifted", True),
}
ROLE_ACTIONS = {"system.init", "user.add", "user.set_roles"}
APPROVED = "Change approved"
APPROVED_SETTINGS = {"risk_rule", "duties"}
# The tables whose events a rule or the replayed state looks at.
REPLAYED = frozenset({"lots", "users", "signatures", "settings", *RELEASE_FIELDS})


@dataclass
class _Lot:
    number: str
    status: str
    received_by: int | None


@dataclass
class Replay:
    """Fed every event in order by chain_check.walk; `keyed_from`: rules added with site keys
    (approvals, role combinations) apply from that event on, not to an older trail."""

    report: VerifyReport
    keyed_from: int = 1
    # Sequences the witness saw as a transaction's end: an event after one starts another
    # transaction, however much it looks like the one before (same instant, actor, action).
    ends: frozenset[int] = frozenset()
    roles: dict[int, frozenset[str]] = field(default_factory=dict)
    usernames: dict[int, str] = field(default_factory=dict)
    lots: dict[int, _Lot] = field(default_factory=dict)
    setting_keys: dict[int, str] = field(default_factory=dict)
    dual_roles: bool = False
    _open: list[Event] = field(default_factory=list)
    _transaction: tuple[Any, ...] = ()

    def __call__(self, event: Event) -> None:
        if self._open and self._open[-1].transaction != event.transaction:
            self._close()
        self._open.append(event)
        if event.seq in self.ends:
            self._close()

    def feed(self, row: tuple[Any, ...], new: dict[str, Any]) -> None:
        """A row of the walk (fast_trail.EVENT_COLUMNS), its `new` parsed. Every event marks
        where transactions end; only those the rules look at become Events. The same groups
        as __call__: the others take no part in any rule or state."""
        transaction = (row[1], row[3], row[4])
        if transaction != self._transaction:
            if self._open:
                self._close()
            self._transaction = transaction
        if row[5] in REPLAYED:
            self._open.append(event_of(row, new))
        if row[0] in self.ends and self._open:
            self._close()

    def prime(self, events: Iterable[Event]) -> None:
        """The state (roles, lots, settings) after events already verified, without checking
        them again: an incremental verify starts from there."""
        for event in events:
            self._apply(event)

    def finish(self) -> None:
        if self._open:
            self._close()

    def _problem(self, event: Event, text: str) -> None:
        self.report.add(event.seq, f"{event.label}: {text}", MEANING)

    def _close(self) -> None:
        events, self._open = self._open, []
        signatures = [e.new for e in events if e.entity_type == "signatures" and e.old is None]
        for event in events:
            if event.entity_type == "lots":
                self._lot(event, signatures)
            elif event.entity_type == "users" and "roles" in event.new:
                self._roles(event)
            elif event.entity_type == "signatures" and event.old is None:
                self._signer(event)
            self._needs_approval(event, signatures)
        for event in events:  # the state after the transaction
            self._apply(event)

    def _held(self, user_id: int | None) -> frozenset[str]:
        return self.roles.get(user_id, frozenset()) if user_id is not None else frozenset()

    def _lot(self, event: Event, signatures: list[dict[str, Any]]) -> None:
        new = event.new
        if event.old is None:
            if new.get("status") != "QUARANTINE" or event.action != "lot.receive":
                self._problem(
                    event,
                    f"lot {new.get('lot_number')} was created {new.get('status')}, "
                    "not in QUARANTINE by a receipt",
                )
            return
        if "status" not in new:
            return
        lot = self.lots.get(event.entity_id)
        before = event.old.get("status")
        rule = TRANSITIONS.get((before, new["status"]))
        name = lot.number if lot else f"lots #{event.entity_id}"
        if rule is None or rule[0] != event.action:
            self._problem(
                event, f"lot {name} went {before} -> {new['status']}, which no workflow does"
            )
            return
        _, meaning, four_eyes = rule
        signed = [
            s for s in signatures
            if s.get("entity_type") == "lots" and s.get("entity_id") == event.entity_id
            and s.get("meaning") == meaning and s.get("user_id") == event.user_id
        ]  # fmt: skip
        if not signed:
            self._problem(
                event,
                f"lot {name} went {before} -> {new['status']} without the "
                f"{meaning!r} signature of the person acting",
            )
        elif "qa" not in self._held(event.user_id):
            self._problem(
                event,
                f"lot {name} was {meaning.lower()} by "
                f"{event.username}, who did not hold the QA role then",
            )
        elif four_eyes and lot is not None and lot.received_by == event.user_id:
            self._problem(
                event, f"lot {name} was {meaning.lower()} by the person who received it (four eyes)"
            )
        elif event.seq >= self.keyed_from and (
            problem := combination_problem(self._held(event.user_id), self.dual_roles)
        ):
            self._problem(event, f"lot {name} was {meaning.lower()} by {event.username}: {problem}")

    def _roles(self, event: Event) -> None:
        target = event.entity_id
        if event.action not in ROLE_ACTIONS:
            self._problem(
                event, f"the roles of user #{target} were changed outside a role workflow"
            )
        elif event.action == "system.init":
            if self.roles:
                self._problem(event, "a first administrator was created in a record that had users")
        elif "admin" not in self._held(event.user_id):
            self._problem(event, f"{event.username} changed roles without holding the admin role")
        elif event.user_id == target:
            self._problem(event, f"{event.username} changed their own roles")
        if event.seq >= self.keyed_from:
            problem = combination_problem(str(event.new["roles"]).split(","), self.dual_roles)
            if problem:
                self._problem(
                    event, f"user {event.new.get('username', target)} was given {problem}"
                )

    def _signer(self, event: Event) -> None:
        signer = event.new.get("user_id")
        if "qa" not in self._held(signer):
            self._problem(
                event,
                f"signature {event.new.get('meaning')!r} by user #{signer}, who "
                "did not hold the QA role then",
            )

    def _needs_approval(self, event: Event, signatures: list[dict[str, Any]]) -> None:
        if event.seq < self.keyed_from or any(s.get("meaning") == APPROVED for s in signatures):
            return
        relevant = RELEASE_FIELDS.get(event.entity_type)
        what = None
        if relevant is not None and event.old is None:
            if (
                event.entity_type == "material_references"
                or event.new.get("qualification") == "qualified"
            ):
                what = f"a new {event.entity_type} row"
        elif relevant is not None and relevant & set(event.new):
            what = ", ".join(sorted(relevant & set(event.new)))
        elif event.entity_type == "settings" and event.action != "system.init":
            key = event.new.get("key") or self.setting_keys.get(event.entity_id)
            if key in APPROVED_SETTINGS:
                what = f"the {key} setting"
        if what:
            self._problem(event, f"{what} changed what a release requires without a QA approval")

    def _apply(self, event: Event) -> None:
        new = event.new
        if event.entity_type == "users":
            if "roles" in new:
                self.roles[event.entity_id] = frozenset(
                    r for r in str(new["roles"]).split(",") if r
                )
            if "username" in new:
                self.usernames[event.entity_id] = str(new["username"])
        elif event.entity_type == "lots":
            if event.old is None:
                self.lots[event.entity_id] = _Lot(
                    str(new.get("lot_number")), str(new.get("status")), new.get("received_by_id")
                )
            elif "status" in new and event.entity_id in self.lots:
                self.lots[event.entity_id].status = str(new["status"])
        elif event.entity_type == "settings":
            if "key" in new:
                self.setting_keys[event.entity_id] = str(new["key"])
            if self.setting_keys.get(event.entity_id) == "duties" and "value" in new:
                self.dual_roles = '"dual_roles":true' in str(new["value"])

    def compare(self, lots: Iterable[tuple[int, str]], users: Iterable[tuple[int, str]]) -> None:
        """The tables must hold what the replay gives."""
        for lot_id, status in lots:
            known = self.lots.get(lot_id)
            if known is not None and known.status != status:
                self.report.add(
                    NO_EVENT,
                    f"lot {known.number} is {status} in the table but its "
                    f"events give {known.status}",
                    MEANING,
                )
        for user_id, roles in users:
            held = frozenset(r for r in roles.split(",") if r)
            if user_id in self.roles and self.roles[user_id] != held:
                self.report.add(
                    NO_EVENT,
                    f"user {self.usernames.get(user_id, user_id)} holds "
                    f"{roles} but the role events give "
                    f"{','.join(sorted(self.roles[user_id]))}",
                    MEANING,
                )
