"""Every business model is in the audit log (issue #13): a change through any door leaves a
row naming its user, and the dashboard cache keyed on the newest audit row sees it."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps

# Models that are not business records, each with the reason it carries no audit rows.
NOT_AUDITED = {
    "core.Job": "a background job's progress; the records it writes are audited",
    "core.Notification": "a message to one user, derived from audited records",
    "core.AuditSeal": "part of the audit log itself (the sealed chain heads)",
    "core.ListPreference": "which columns one user shows on one list: a display setting",
    "core.Delivery": "the record of a reminder run itself (who sent it is on the row)",
    "core.SentMessage": "the dedup log of e-mails and SMS sent under a message key",
    "announcements.AnnouncementRecipient": (
        "a notice's receipt rows: written once with the audited notice, then only the first "
        "read is stamped on them (time and reader) — they are a log themselves"
    ),
    "accounts.PasswordHistory": "password hashes, never shown; changes are login-log events",
    "accounts.LoginEvent": "the login log itself",
    "accounts.ApiToken": "issue/use/revoke are login-log events (a token's hash is a secret)",
    "accounts.UserSession": "sessions are login-log events",
    "reports.FigureSnapshot": (
        "the worker's stored copy of figures computed from audited records, rewritten whole; "
        "watching it would keep the dashboard cache's fingerprint from ever being current"
    ),
    "cultivation.Assessment": (
        "computed by the rules engine from audited inputs; each run keeps its creator, rule "
        "version and input snapshot, and earlier runs stay (is_latest=False)"
    ),
}


def test_every_business_model_is_audited():
    ours = [m for m in apps.get_models() if m.__module__.startswith("kechuang.")]
    missing = [
        m._meta.label for m in ours if not auditlog.contains(m) and m._meta.label not in NOT_AUDITED
    ]
    assert missing == []
    # the exemptions name real models (a renamed model does not silently drop out)
    labels = {m._meta.label for m in ours}
    assert set(NOT_AUDITED) <= labels


@pytest.mark.django_db
def test_an_annual_report_leaves_an_audit_row(personas, registry):
    from datetime import date

    from kechuang.cultivation.hte.services import annual_report_mark
    from kechuang.enterprises.models import Qualification

    cert = Qualification.objects.create(
        enterprise=registry.a,
        kind="hte",
        number="GR202499000001",
        issued_on=date(2024, 11, 1),
        valid_until=date(2027, 10, 31),
    )
    before = LogEntry.objects.count()
    report = annual_report_mark(
        actor=personas.staff_a, certificate=cert, year=2025, filed_on=date(2025, 5, 1)
    )
    entry = LogEntry.objects.get_for_object(report).get()
    assert LogEntry.objects.count() == before + 1
    assert entry.action == LogEntry.Action.CREATE
