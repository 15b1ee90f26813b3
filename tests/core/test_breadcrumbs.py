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


STAFF_PAGES = {
    "enterprises:enterprise_list",
    "cultivation:board",
    "cultivation:pool",
    "reports:dashboard",
    "announcements:announcement_list",
    "rdstats:campaign_list",
    "targets:target_list",
    "accounts:password_change",
}


@pytest.mark.parametrize(
    ("who", "must"),
    [("staff_a", STAFF_PAGES), ("enterprise_a", {"announcements:announcement_list"})],
)
def test_every_page_says_where_it_is(client, personas, registry, who, must):
    """Every page in the site's layout (issue #14): 首页 › … › the page, 首页 linked; the walk
    covers every GET URL (a page per parameterised route) and must find most of them."""
    from .test_get_is_safe import GET_URLS

    client.force_login(getattr(personas, who))
    client.raise_request_exception = False
    checked, missing = [], []
    for name, path in GET_URLS:
        if name == "core:home":
            continue
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue  # a download, a redirect, a refusal, a missing sample object
        html = response.content.decode()
        if 'class="app-body"' not in html:
            continue  # a fragment (htmx) or a page outside the layout (the login page)
        checked.append(name)
        if html.count('data-testid="breadcrumbs"') != 1 or '<a href="/">首页</a>' not in html:
            missing.append(name)
    assert missing == []
    # pages with a record in the URL depend on which ids exist; these never do
    assert must <= set(checked), sorted(must - set(checked))
