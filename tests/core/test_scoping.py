"""visible_to(user): the single scoping point (style.md rule 2, security.md §5.5)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db.models import Q

from kechuang.accounts.models import Region, User
from kechuang.core.models import Job
from kechuang.core.scoping import Scope, code_range, scope_q


def fake_user(roles, region_code=None, enterprise_id=None, pk=7):
    region = SimpleNamespace(code=region_code) if region_code else None
    return SimpleNamespace(
        is_authenticated=True,
        is_active=True,
        role_names=frozenset(roles),
        region=region,
        enterprise_id=enterprise_id,
        pk=pk,
    )


def test_code_range_is_the_prefix_subtree():
    assert code_range("3708") == ("3708", "3709")
    assert code_range("370839") == ("370839", "37083:")
    low, high = code_range("3708")
    for inside in ("3708", "370830", "370830001", "370899999999"):
        assert low <= inside < high
    for outside in ("3707", "3709", "37", "371830"):
        assert not (low <= outside < high)


SCOPE = Scope(region="region", enterprise="enterprise_id", owner="created_by")


def test_region_roles_get_their_subtree():
    q = scope_q(SCOPE, fake_user({"staff"}, "990101"))
    assert q == Q(region__code__gte="990101", region__code__lt="990102")


def test_enterprise_user_gets_only_their_enterprise():
    assert scope_q(SCOPE, fake_user({"enterprise"}, "990101", enterprise_id=42)) == Q(
        enterprise_id=42
    )


def test_enterprise_user_without_enterprise_sees_nothing():
    assert scope_q(SCOPE, fake_user({"enterprise"}, "990101")) is None


def test_commissioner_gets_own_records():
    assert scope_q(SCOPE, fake_user({"commissioner"}, "990101101", pk=9)) == Q(created_by=9)


@pytest.mark.parametrize("roles", [{"auditor"}, {"bureau_admin"}, {"security_admin"}, set()])
def test_other_roles_see_no_business_data(roles):
    assert scope_q(SCOPE, fake_user(roles, "990101")) is None


def test_inactive_or_anonymous_users_see_nothing():
    user = fake_user({"staff"}, "990101")
    user.is_active = False
    assert scope_q(SCOPE, user) is None
    assert scope_q(SCOPE, SimpleNamespace(is_authenticated=False)) is None


def test_a_model_without_scope_refuses_visible_to(db):
    from kechuang.core.scoping import ScopedQuerySet

    class Unscoped:
        __name__ = "Unscoped"

    qs = ScopedQuerySet(model=Job)
    qs.model = type("Unscoped", (), {})
    with pytest.raises(TypeError):
        qs.visible_to(fake_user({"staff"}))


@pytest.mark.django_db
def test_users_are_scoped_for_user_admins_only(personas):
    assert set(User.objects.visible_to(personas.admin).values_list("username", flat=True)) == {
        "p-admin",
        "p-security",
        "p-auditor",
        "p-staff-a",
        "p-leader",
        "p-ent-a",
        "p-commissioner",
    }
    assert not User.objects.visible_to(personas.staff_a).exists()


@pytest.mark.django_db
def test_jobs_are_visible_to_their_owner(personas):
    mine = Job.objects.create(name="a", kind="t", created_by=personas.staff_a)
    Job.objects.create(name="b", kind="t", created_by=personas.staff_b)
    assert list(Job.objects.visible_to(personas.staff_a)) == [mine]


@pytest.mark.django_db
def test_subtree_query_on_the_database(regions):
    codes = set(Region.objects.within("9901").values_list("code", flat=True))
    assert codes == {"9901", "990101", "990102", "990101101", "990102101"}
