"""Breadcrumbs (issue #14): every declared list and the gap report say where they are and link
back — the gap report to its enterprise and to the pool of its year."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _crumbs(html: str) -> str:
    assert html.count('data-testid="breadcrumbs"') == 1
    part = html[html.index('data-testid="breadcrumbs"') :]
    return part[: part.index("</nav>")]


def test_the_gap_report_links_back_to_its_enterprise_and_the_pool(client, personas, registry):
    client.force_login(personas.staff_a)
    html = client.get(f"/cultivation/enterprises/{registry.a.pk}/", {"year": 2025}).content
    crumbs = _crumbs(html.decode())
    assert 'href="/"' in crumbs and 'href="/cultivation/?year=2025"' in crumbs
    assert f'href="{registry.a.get_absolute_url()}"' in crumbs and registry.a.name in crumbs
    assert 'aria-current="page">资格评价与差距' in crumbs


@pytest.mark.parametrize("path", ["/cultivation/", "/cultivation/tech-sme/", "/rdstats/"])
def test_a_declared_list_says_where_it_is(client, personas, path):
    client.force_login(personas.staff_a)
    crumbs = _crumbs(client.get(path).content.decode())
    assert 'href="/">首页' in crumbs and 'aria-current="page"' in crumbs
