"""The region tree: official codes load per county; subtrees scope what users see."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region

pytestmark = pytest.mark.django_db


def test_load_regions_loads_a_county_with_its_parents_and_towns(capsys):
    call_command("load_regions", "--county", "370830")
    county = Region.objects.get(code="370830")
    assert county.name == "汶上县" and county.level == RegionLevel.COUNTY
    assert county.parent.code == "3708" and county.parent.parent.code == "37"
    towns = Region.objects.filter(parent=county)
    assert towns.count() == 15
    assert towns.filter(code="370830001", name="中都街道").exists()
    assert "15 个乡镇" in capsys.readouterr().out


def test_load_regions_is_idempotent():
    call_command("load_regions", "--county", "370830")
    before = Region.objects.count()
    call_command("load_regions", "--county", "370830")
    assert Region.objects.count() == before


def test_load_regions_rejects_unknown_or_malformed_codes():
    with pytest.raises(CommandError, match="未找到"):
        call_command("load_regions", "--county", "999999")
    with pytest.raises(CommandError, match="6位数字"):
        call_command("load_regions", "--county", "37083")


def test_region_code_must_extend_its_parent(regions):
    from django.core.exceptions import ValidationError

    bad = Region(code="990201101", name="错", level=RegionLevel.TOWN, parent=regions.county_a)
    with pytest.raises(ValidationError):
        bad.full_clean()
    wrong_length = Region(code="99010", name="错", level=RegionLevel.COUNTY, parent=regions.city)
    with pytest.raises(ValidationError):
        wrong_length.full_clean()


def test_staff_see_their_subtree_only(regions, personas):
    visible = set(Region.objects.visible_to(personas.staff_a).values_list("code", flat=True))
    assert visible == {"990101", "990101101"}


def test_region_pages_list_and_detail(client, regions, personas):
    client.force_login(personas.staff_a)
    body = client.get("/accounts/regions/").content.decode()
    assert "甲一镇" in body and "乙一镇" not in body
    assert client.get(f"/accounts/regions/{regions.town_b.pk}/").status_code == 404
    detail = client.get(f"/accounts/regions/{regions.county_a.pk}/").content.decode()
    assert "甲一镇" in detail
