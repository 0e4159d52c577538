"""Documents (PDF only, bytes kept with their hash), samples, and test results."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from db import documents, lab_results, release, samples
from db.models import Container, Document, Sample
from db.serialize import sha256_hex
from tests.fixtures.world import PASSWORDS, Unit, make_pdf, refused


def test_a_pdf_is_kept_byte_for_byte_with_its_hash(unit: Unit) -> None:
    lot = unit.receive()
    pdf = make_pdf("CoA", "Lot LOT1", "Sterile: pass")
    done = documents.attach(unit.db, unit.tech, lot.lot, "coa", "coa.pdf", pdf)
    assert done.sha256 == sha256_hex(pdf) and done.size == len(pdf)
    assert documents.content(unit.db, done.id) == ("coa.pdf", pdf)


def test_non_pdf_and_broken_files_are_refused(unit: Unit) -> None:
    lot = unit.receive()
    pdf = make_pdf()
    cases = [
        (b"", "is empty"),
        (b"PK\x03\x04 a zip file", "is not a PDF file"),
        (b"<html>coa</html>", "is not a PDF file"),
        (pdf[: len(pdf) // 2], "incomplete PDF"),
    ]
    for content, message in cases:
        with refused(unit, message):
            documents.attach(unit.db, unit.tech, lot.lot, "coa", "f.pdf", content)
    with refused(unit, "unknown document kind 'invoice'"):
        documents.attach(unit.db, unit.tech, lot.lot, "invoice", "f.pdf", pdf)


def test_the_same_file_twice_is_refused(unit: Unit) -> None:
    lot = unit.receive()
    pdf = make_pdf()
    documents.attach(unit.db, unit.tech, lot.lot, "coa", "a.pdf", pdf)
    with refused(unit, "already attached", "a.pdf"):
        documents.attach(unit.db, unit.tech, lot.lot, "coa", "b.pdf", pdf)


def test_production_may_not_attach_documents(unit: Unit) -> None:
    lot = unit.receive()
    with refused(unit, "needs the qa or technician role"):
        documents.attach(unit.db, unit.prod, lot.lot, "coa", "a.pdf", make_pdf())


def test_rejected_lots_take_no_more_documents(unit: Unit) -> None:
    lot = unit.receive()
    release.reject(unit.db, unit.qa, PASSWORDS["qa"], lot.lot, "damaged")
    with refused(unit, "is REJECTED"):
        unit.attach(lot.lot)


def test_reference_sample_is_logged_with_retain_until(unit: Unit) -> None:
    expiry = unit.today() + timedelta(days=400)
    lot = unit.receive("RM-003", expiry=expiry)
    taken = samples.record_sample(
        unit.db,
        unit.tech,
        lot.lot,
        "reference",
        "0.5",
        container_code=lot.containers[0],
        location="Fridge 2, box R",
    )
    assert taken.retain_until == expiry  # shorter than two years: the material's own stability
    assert taken.container_remaining == Decimal("9.5")
    with unit.db.read() as s:
        sample = s.scalars(select(Sample)).one()
        assert (sample.kind, sample.location) == ("reference", "Fridge 2, box R")


def test_sample_refusals(unit: Unit) -> None:
    lot = unit.receive(containers=1, quantity="1")
    other = unit.receive(lot="OTHER")
    with refused(unit, "needs its storage location"):
        samples.record_sample(unit.db, unit.tech, lot.lot, "reference", "0.1")
    with refused(unit, "holds only 1;"):
        samples.record_sample(
            unit.db, unit.tech, lot.lot, "test", "2", container_code=lot.containers[0]
        )
    with refused(unit, f"is not from lot {lot.lot}"):
        samples.record_sample(
            unit.db, unit.tech, lot.lot, "test", "0.1", container_code=other.containers[0]
        )
    with refused(unit, "unknown sample kind"):
        samples.record_sample(unit.db, unit.tech, lot.lot, "spare", "0.1")


def test_a_sample_is_disposed_only_after_its_retain_until(unit: Unit) -> None:
    lot = unit.receive("RM-003", expiry=unit.today() + timedelta(days=10))
    taken = samples.record_sample(
        unit.db, unit.tech, lot.lot, "reference", "0.5", location="Fridge 2"
    )
    with refused(unit, "must be kept until"):
        samples.dispose_sample(unit.db, unit.tech, taken.id, "autoclaved")
    unit.clock.advance(days=11)
    samples.dispose_sample(unit.db, unit.tech, taken.id, "autoclaved")
    with refused(unit, "already disposed"):
        samples.dispose_sample(unit.db, unit.tech, taken.id, "again")


def test_test_result_with_its_report(unit: Unit) -> None:
    lot = unit.receive("RM-009")
    report = ("assay.pdf", make_pdf("Proliferation assay", "EC50 within spec"))
    done = lab_results.record_result(
        unit.db,
        unit.tech,
        lot.lot,
        kind="functional",
        name="proliferation",
        passed=True,
        value="EC50 0.8 ng/mL",
        report=report,
    )
    with unit.db.read() as s:
        doc = s.get(Document, done.document_id)
        assert doc is not None and doc.kind == "test_report"
    with refused(unit, "in the future"):
        lab_results.record_result(
            unit.db,
            unit.tech,
            lot.lot,
            kind="identity",
            name="id",
            passed=True,
            performed_on=unit.today() + timedelta(days=1),
        )
    with refused(unit, "is not a PDF"):
        lab_results.record_result(
            unit.db,
            unit.tech,
            lot.lot,
            kind="identity",
            name="id",
            passed=True,
            report=("r.txt", b"plain text"),
        )


def test_sample_taken_from_a_container_reduces_it(unit: Unit) -> None:
    lot = unit.receive(quantity="2")
    samples.record_sample(
        unit.db, unit.tech, lot.lot, "test", "0.25", container_code=lot.containers[1]
    )
    with unit.db.read() as s:
        left = s.scalars(select(Container.quantity).order_by(Container.seq)).all()
    assert left == [Decimal("2"), Decimal("1.75")]
