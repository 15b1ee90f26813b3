"""Factories for synthetic test data. No real people: names are generated, phones fictional."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region, User

PASSWORD = "Tq7#mZ2!pLx9"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"98{n:02d}")
    name = factory.Sequence(lambda n: f"测试区划{n}")
    level = RegionLevel.CITY
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    must_change_password = False
    password_changed_at = factory.LazyFunction(timezone.now)
    region = None

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            groups = [Group.objects.get_or_create(name=r)[0] for r in extracted]
            self.groups.set(groups)
            self.__dict__.pop("role_names", None)
