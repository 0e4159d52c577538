"""Lots, containers, documents, samples, test results, consumptions; FK indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_number", sa.String(length=20), nullable=False),
        sa.Column("reference_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("supplier_lot", sa.String(length=20), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=False),
        sa.Column("production_date", sa.Date(), nullable=True),
        sa.Column("gtin", sa.String(length=14), nullable=True),
        sa.Column("serial", sa.String(length=20), nullable=True),
        sa.Column("scan_text", sa.Text(), nullable=True),
        sa.Column("container_count", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_by_id", sa.Integer(), nullable=False),
        sa.Column("receipt_conforming", sa.Boolean(), nullable=False),
        sa.Column("nonconformity", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_by_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('QUARANTINE', 'RELEASED', 'REJECTED', 'ON_HOLD')",
            name=op.f("ck_lots_status_valid"),
        ),
        sa.CheckConstraint("container_count >= 1", name=op.f("ck_lots_container_count_positive")),
        sa.ForeignKeyConstraint(
            ["delivery_id"], ["deliveries.id"], name=op.f("fk_lots_delivery_id_deliveries")
        ),
        sa.ForeignKeyConstraint(
            ["received_by_id"], ["users.id"], name=op.f("fk_lots_received_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["reference_id"],
            ["material_references.id"],
            name=op.f("fk_lots_reference_id_material_references"),
        ),
        sa.ForeignKeyConstraint(
            ["status_by_id"], ["users.id"], name=op.f("fk_lots_status_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["suppliers.id"], name=op.f("fk_lots_supplier_id_suppliers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lots")),
        sa.UniqueConstraint("lot_number", name=op.f("uq_lots_lot_number")),
    )
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lots_delivery_id"), ["delivery_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lots_expiry"), ["expiry"], unique=False)
        batch_op.create_index(
            "ix_lots_reference_status_expiry", ["reference_id", "status", "expiry"], unique=False
        )
        batch_op.create_index(
            "ix_lots_reference_supplier_lot", ["reference_id", "supplier_lot"], unique=False
        )
        batch_op.create_index("ix_lots_status_received", ["status", "received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_lots_supplier_id"), ["supplier_id"], unique=False)

    op.create_table(
        "containers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("initial_quantity", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("use_by", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "quantity <= initial_quantity", name=op.f("ck_containers_quantity_within_initial")
        ),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_containers_quantity_not_negative")),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_containers_lot_id_lots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_containers")),
        sa.UniqueConstraint("code", name=op.f("uq_containers_code")),
        sa.UniqueConstraint("lot_id", "seq", name=op.f("uq_containers_lot_id_seq")),
    )
    op.create_table(
        "deviation_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deviation_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("reference_id", sa.Integer(), nullable=True),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(CASE WHEN lot_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN reference_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN supplier_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_deviation_links_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["deviation_id"],
            ["deviations.id"],
            name=op.f("fk_deviation_links_deviation_id_deviations"),
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["lots.id"], name=op.f("fk_deviation_links_lot_id_lots")
        ),
        sa.ForeignKeyConstraint(
            ["reference_id"],
            ["material_references.id"],
            name=op.f("fk_deviation_links_reference_id_material_references"),
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["suppliers.id"], name=op.f("fk_deviation_links_supplier_id_suppliers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deviation_links")),
    )
    with op.batch_alter_table("deviation_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deviation_links_deviation_id"), ["deviation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_deviation_links_lot_id"), ["lot_id"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_documents_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_documents_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index("ix_documents_lot_kind", ["lot_id", "kind"], unique=False)

    op.create_table(
        "receipt_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["lots.id"], name=op.f("fk_receipt_checks_lot_id_lots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt_checks")),
    )
    with op.batch_alter_table("receipt_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receipt_checks_lot_id"), ["lot_id"], unique=False)

    op.create_table(
        "consumptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("container_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("dispensed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dispensed_by_id", sa.Integer(), nullable=False),
        sa.Column("fefo_override", sa.Text(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_consumptions_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_consumptions_batch_id_batches")
        ),
        sa.ForeignKeyConstraint(
            ["container_id"],
            ["containers.id"],
            name=op.f("fk_consumptions_container_id_containers"),
        ),
        sa.ForeignKeyConstraint(
            ["dispensed_by_id"], ["users.id"], name=op.f("fk_consumptions_dispensed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consumptions")),
    )
    with op.batch_alter_table("consumptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consumptions_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consumptions_container_id"), ["container_id"], unique=False
        )

    op.create_table(
        "samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("container_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("location", sa.String(length=120), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_by_id", sa.Integer(), nullable=False),
        sa.Column("retain_until", sa.Date(), nullable=True),
        sa.Column("disposed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disposed_by_id", sa.Integer(), nullable=True),
        sa.Column("disposal_note", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('test', 'reference')", name=op.f("ck_samples_kind_valid")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_samples_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["container_id"], ["containers.id"], name=op.f("fk_samples_container_id_containers")
        ),
        sa.ForeignKeyConstraint(
            ["disposed_by_id"], ["users.id"], name=op.f("fk_samples_disposed_by_id_users")
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_samples_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["taken_by_id"], ["users.id"], name=op.f("fk_samples_taken_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_samples")),
    )
    with op.batch_alter_table("samples", schema=None) as batch_op:
        batch_op.create_index("ix_samples_kind_disposed", ["kind", "disposed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_samples_lot_id"), ["lot_id"], unique=False)

    op.create_table(
        "test_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("performed_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_test_results_document_id_documents")
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_test_results_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_test_results_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_test_results")),
    )
    with op.batch_alter_table("test_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_test_results_lot_id"), ["lot_id"], unique=False)

    # Every foreign key is indexed: look-ups by user or parent never scan a table.
    op.create_index("ix_audit_events_user_id", "audit_events", ["user_id"])
    op.create_index("ix_batches_created_by_id", "batches", ["created_by_id"])
    op.create_index("ix_consumptions_dispensed_by_id", "consumptions", ["dispensed_by_id"])
    op.create_index("ix_deliveries_received_by_id", "deliveries", ["received_by_id"])
    op.create_index("ix_deviation_links_reference_id", "deviation_links", ["reference_id"])
    op.create_index("ix_deviation_links_supplier_id", "deviation_links", ["supplier_id"])
    op.create_index("ix_deviations_closed_by_id", "deviations", ["closed_by_id"])
    op.create_index("ix_deviations_closure_signature_id", "deviations", ["closure_signature_id"])
    op.create_index("ix_deviations_opened_by_id", "deviations", ["opened_by_id"])
    op.create_index("ix_documents_uploaded_by_id", "documents", ["uploaded_by_id"])
    op.create_index("ix_lots_received_by_id", "lots", ["received_by_id"])
    op.create_index("ix_lots_status_by_id", "lots", ["status_by_id"])
    op.create_index("ix_material_references_backup_id", "material_references", ["backup_id"])
    op.create_index("ix_samples_container_id", "samples", ["container_id"])
    op.create_index("ix_samples_disposed_by_id", "samples", ["disposed_by_id"])
    op.create_index("ix_samples_taken_by_id", "samples", ["taken_by_id"])
    op.create_index("ix_signatures_user_id", "signatures", ["user_id"])
    op.create_index("ix_test_results_document_id", "test_results", ["document_id"])
    op.create_index("ix_test_results_recorded_by_id", "test_results", ["recorded_by_id"])


def downgrade() -> None:
    raise NotImplementedError("the GMP record is never downgraded; restore a backup instead")
