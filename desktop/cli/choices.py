"""The fixed choices the parsers offer, without importing the models that define them.

Building the parser (every command, `--help` included) must not load SQLAlchemy and the
models: these are copies of the models' enumerations, held equal to them by
tests/desktop/test_cli_imports.py.
"""

from __future__ import annotations

# db.models.people.Role, in definition order (db.users.ROLES)
ROLES = ("technician", "qa", "production", "admin")
# db.models.deviations.DeviationDomain
DEVIATION_DOMAINS = (
    "stock_shortage",
    "reference_change",
    "use_issue",
    "receipt_release",
    "ordering",
)
# db.models.deviations.Severity
SEVERITIES = ("minor", "major", "critical")
# db.models.quality.DocumentKind, and its COA value
DOCUMENT_KINDS = ("coa", "sterility", "tse", "test_report", "other")
COA = "coa"
