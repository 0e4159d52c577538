"""Every table of the record, importable from one place."""

from db.models.access import AccessFailure, PasswordHistory
from db.models.approvals import ApprovedChange
from db.models.audit import AuditEvent, AuditHead
from db.models.base import Base
from db.models.catalog import Category, Contact, Grade, Origin, Qualification, Reference, Supplier
from db.models.config import Counter, Setting
from db.models.deviations import Deviation, DeviationDomain, DeviationLink, Severity
from db.models.integrity import RecordIdentity
from db.models.people import Role, User
from db.models.prints import PrintRecord
from db.models.production import Batch, Consumption
from db.models.quality import (
    Document,
    DocumentKind,
    Sample,
    SampleKind,
    Signature,
    TestKind,
    TestResult,
)
from db.models.stock import Container, Delivery, Lot, LotStatus, ReceiptCheck

__all__ = [
    "AccessFailure",
    "ApprovedChange",
    "AuditEvent",
    "AuditHead",
    "Base",
    "Batch",
    "Category",
    "Consumption",
    "Contact",
    "Container",
    "Counter",
    "Delivery",
    "Deviation",
    "DeviationDomain",
    "DeviationLink",
    "Document",
    "DocumentKind",
    "Grade",
    "Lot",
    "LotStatus",
    "Origin",
    "PasswordHistory",
    "PrintRecord",
    "Qualification",
    "ReceiptCheck",
    "RecordIdentity",
    "Reference",
    "Role",
    "Sample",
    "SampleKind",
    "Setting",
    "Severity",
    "Signature",
    "Supplier",
    "TestKind",
    "TestResult",
    "User",
]
