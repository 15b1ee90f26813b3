"""The change history reads as a clerk would write it (issue #12): Chinese labels, choice labels,
money in 万元, related records by name; no internal relations, ids or version counter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry

from kechuang.core.history import changes
from kechuang.enterprises import services
from kechuang.enterprises.models import AnnualFigures

pytestmark = pytest.mark.django_db


def test_money_is_shown_in_wan_with_chinese_labels(client, personas, registry):
    figures = AnnualFigures.objects.get(enterprise=registry.a, year=2024)
    AnnualFigures.objects.filter(pk=figures.pk).update(sales_revenue=Decimal("51021800.00"))
    figures.refresh_from_db()
    with set_actor(personas.staff_a):
        services.annual_figures_upsert(
            actor=personas.staff_a,
            enterprise=registry.a,
            year=2024,
            version=figures.version,
            sales_revenue=Decimal("60000000.00"),
        )
    entry = LogEntry.objects.get_for_object(figures).order_by("-pk").first()
    shown = changes(entry)
    assert ("销售收入", "5,102.18万元", "6,000.00万元") in shown
    assert not any(label in ("version", "版本", "id") for label, _b, _a in shown)
    client.force_login(personas.staff_a)
    page = client.get(f"/enterprises/{registry.a.pk}/").content.decode()
    assert "5,102.18万元" in page and "6,000.00万元" in page


def test_versions_ids_and_reverse_relations_are_not_shown(personas, registry):
    with set_actor(personas.staff_a):
        services.enterprise_update(
            actor=personas.staff_a,
            enterprise=registry.a,
            version=registry.a.version,
            address="新地址一号",
        )
    entry = LogEntry.objects.get_for_object(registry.a).order_by("-pk").first()
    labels = [label for label, _b, _a in changes(entry)]
    assert "地址" in labels
    for hidden in ("version", "版本", "id", "members", "sme_registrations", "rd_forms"):
        assert hidden not in labels
    fake = LogEntry(
        content_type=entry.content_type,
        object_pk=entry.object_pk,
        action=LogEntry.Action.UPDATE,
        changes={"version": [1, 2], "members": [None, "x"], "address": ["一", "二"]},
    )
    assert [label for label, _b, _a in changes(fake)] == ["地址"]
