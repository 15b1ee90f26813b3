"""The talent API's child records (issue #17): a cooperation's rungs and a trip's visits are
written only through the services — the page's rules and Chinese messages — and read scoped."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry

from kechuang.talent import services
from kechuang.talent.models import Cooperation, Visit

pytestmark = pytest.mark.django_db

EVENTS, VISITS = "/api/v1/cooperation-events/", "/api/v1/visits/"


@pytest.fixture
def setting(personas, registry, regions):
    university = services.institution_create(
        actor=None, name="山东大学", kind="university", region=regions.county_a
    )
    expert = services.expert_create(actor=None, name="王材料", institution=university)
    ours = services.cooperation_create(
        actor=personas.staff_a,
        on=date(2024, 3, 1),
        enterprise=registry.a,
        institution=university,
        project="复合材料成型",
    )
    theirs_institution = services.institution_create(
        actor=None, name="乙县院所", kind="institute", region=regions.county_b
    )
    theirs = services.cooperation_create(
        actor=personas.staff_b,
        on=date(2024, 3, 1),
        enterprise=registry.b,
        institution=theirs_institution,
        project="CANARY-B 合作",
    )
    return university, expert, ours, theirs


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_rungs_api_is_the_state_change_block(client, personas, setting):
    _university, _expert, ours, theirs = setting
    client.force_login(personas.staff_a)
    no_amount = post(
        client, EVENTS, {"cooperation": ours.pk, "state": "contract", "occurred_on": "2024-06-01"}
    )
    assert no_amount.status_code == 400 and "合同金额" in no_amount.content.decode()
    made = post(
        client,
        EVENTS,
        {
            "cooperation": ours.pk,
            "state": "contract",
            "occurred_on": "2024-06-01",
            "amount": "500000.00",
        },
    )
    assert made.status_code == 201, made.content
    assert made.json()["state_display"] == "项目合同"
    ours.refresh_from_db()
    assert (ours.status, ours.top, ours.amount) == ("contract", "contract", 500000)
    event = ours.events.get(state="contract")
    assert LogEntry.objects.get_for_object(event).first().actor == personas.staff_a
    back = post(
        client, EVENTS, {"cooperation": ours.pk, "state": "intention", "occurred_on": "2024-07-01"}
    )
    assert back.status_code == 400 and "不能从" in back.content.decode()
    foreign = post(
        client,
        EVENTS,
        {"cooperation": theirs.pk, "state": "intention", "occurred_on": "2024-07-01"},
    )
    assert foreign.status_code == 404
    assert Cooperation.objects.get(pk=theirs.pk).status == "contact"
    assert {e["cooperation"] for e in client.get(EVENTS).json()["results"]} == {ours.pk}
    client.force_login(personas.enterprise_a)  # reads its own rungs, records none
    assert {e["cooperation"] for e in client.get(EVENTS).json()["results"]} == {ours.pk}
    refused = post(
        client, EVENTS, {"cooperation": ours.pk, "state": "landed", "occurred_on": "2024-08-01"}
    )
    assert refused.status_code == 403
    client.force_login(personas.enterprise_b)
    assert {e["cooperation"] for e in client.get(EVENTS).json()["results"]} == {theirs.pk}


def test_the_visits_api_checks_as_the_trip_page_checks(client, personas, registry, setting):
    university, expert, _ours, _theirs = setting
    trip = services.trip_create(
        actor=personas.staff_a,
        title="赴济南对接",
        started_on=date(2024, 4, 10),
        ended_on=date(2024, 4, 12),
    )
    client.force_login(personas.staff_a)
    late = post(
        client,
        VISITS,
        {"trip": trip.pk, "visited_on": "2024-04-20", "institution": university.pk, "topic": "甲"},
    )
    assert late.status_code == 400 and "2024-04-12" in late.content.decode()
    lone = post(
        client,
        VISITS,
        {
            "trip": trip.pk,
            "visited_on": "2024-04-11",
            "counterpart": "某公司",
            "experts": [expert.pk],
            "topic": "乙",
        },
    )
    assert lone.status_code == 400 and "对接单位" in lone.content.decode()
    foreign = post(
        client,
        VISITS,
        {
            "trip": trip.pk,
            "visited_on": "2024-04-11",
            "enterprise": registry.b.pk,
            "institution": university.pk,
            "topic": "丙",
        },
    )
    assert foreign.status_code in (403, 404)
    made = post(
        client,
        VISITS,
        {
            "trip": trip.pk,
            "visited_on": "2024-04-11",
            "enterprise": registry.a.pk,
            "institution": university.pk,
            "experts": [expert.pk],
            "topic": "复合材料成型",
            "outcome": "preliminary",
        },
    )
    assert made.status_code == 201, made.content
    visit = Visit.objects.get()
    assert (visit.topic, list(visit.experts.all())) == ("复合材料成型", [expert])
    assert [v["topic"] for v in client.get(VISITS).json()["results"]] == ["复合材料成型"]
    client.force_login(personas.staff_b)  # another county's trip: unknown
    assert client.get(VISITS).json()["results"] == []
    other = post(client, VISITS, {"trip": trip.pk, "visited_on": "2024-04-11", "topic": "丁"})
    assert other.status_code == 404
