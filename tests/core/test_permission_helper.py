"""``user|may:"app:url"`` shows a button exactly when the access policy allows its POST."""

from __future__ import annotations

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db

TEMPLATE = Template('{% load kechuang %}{% if user|may:"cultivation:assess_all" %}YES{% endif %}')


@pytest.mark.parametrize(
    "persona,shown",
    [("staff_a", True), ("leader", False), ("auditor", False), ("enterprise_a", False)],
)
def test_may_follows_the_access_policy(personas, persona, shown):
    user = getattr(personas, persona)
    assert (TEMPLATE.render(Context({"user": user})) == "YES") is shown


def test_the_pool_button_follows_the_helper(client, personas, registry):
    button = 'action="/cultivation/assess-all/"'
    client.force_login(personas.leader)
    assert button not in client.get("/cultivation/").content.decode()
    client.force_login(personas.staff_a)
    assert button in client.get("/cultivation/").content.decode()


def test_an_unknown_url_name_is_never_allowed(personas):
    template = Template('{% load kechuang %}{% if user|may:"nope:nothing" %}YES{% endif %}')
    assert template.render(Context({"user": personas.staff_a})) == ""
