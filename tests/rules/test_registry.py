"""Rule versions are a registry (issue #13): every number lives in a version, a stored result
replays under the version it was made with, and the rules never read the clock."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kechuang.rules import hte, registry
from kechuang.rules.common import plain

from .test_hte import good


@pytest.fixture
def stricter(monkeypatch):
    """A later HTE version with other numbers, made current."""
    later = dataclasses.replace(hte.V2016, id="2099.1", score_pass=90, ip_cap=20)
    entry = registry.RULES["hte"]
    monkeypatch.setitem(
        registry.RULES,
        "hte",
        dataclasses.replace(entry, versions={**entry.versions, later.id: later}, current=later.id),
    )
    return later


def test_a_stored_result_replays_under_its_own_version(stricter):
    data = good()
    before = hte.assess(data, hte.V2016)  # what was stored under 2016.1
    snapshot = plain(data)
    replayed = registry.replay("hte", snapshot, "2016.1")
    assert replayed.to_dict() == before.to_dict()
    # the current version would say something else about the same enterprise
    now = registry.evaluate("hte", data)
    assert now.version == "2099.1" and now.score_max != before.score_max
    assert "需90分" not in str(before.to_dict()) and replayed.version == "2016.1"


def test_an_unknown_version_is_an_error_not_a_silent_fallback():
    with pytest.raises(LookupError, match="no version"):
        registry.replay("hte", plain(good()), "1999.9")
    with pytest.raises(LookupError, match="unknown rule"):
        registry.version("nope")


def test_point_bands_are_version_numbers(stricter):
    result = registry.evaluate("hte", good())
    ip = next(c for c in result.criteria if c.code == "score_ip")
    assert ip.points_max == 20  # the later version's IP cap (30 under 2016.1)


def test_a_missing_application_date_is_an_input_error():
    snapshot = plain(good())
    snapshot.pop("application_date")
    with pytest.raises(ValueError, match="application_date"):
        hte.HteInput.from_dict(snapshot)


def test_the_rules_never_read_the_clock():
    root = Path(registry.__file__).parent
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("date.today(", "datetime.now(", "timezone.now(", "localdate("):
            assert needle not in text, (path.name, needle)
