"""A nomination and its dated status history (the state-change block)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.core.fields import Fields
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.core.states import INITIAL, StateEvent, Workflow, register
from kechuang.enterprises.models import Enterprise

from .choices import Award, NominationStatus

# The field list, written once: the form, the serializer, the services and the pages read it.
NOMINATION_FIELDS = Fields("enterprise", "title", "award")


class Nomination(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("成果名称"), max_length=200)
    award = models.CharField(_("奖项"), max_length=20, choices=Award.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=NominationStatus.choices, blank=True
    )
    status_on = models.DateField(_("状态日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("科技奖励推荐")
        verbose_name_plural = _("科技奖励推荐")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("example:nomination_detail", args=[self.pk])


class NominationEvent(StateEvent):
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(StateEvent.Meta):
        verbose_name = _("推荐进展")
        verbose_name_plural = _("推荐进展")


S = NominationStatus
NOMINATION_WORKFLOW = register(
    Workflow(
        key="example.nomination",
        choices=NominationStatus,
        moves={
            INITIAL: frozenset({S.NOMINATED}),
            S.NOMINATED: frozenset({S.SUBMITTED}),
            S.SUBMITTED: frozenset({S.AWARDED, S.NOT_AWARDED}),
        },
        event_model=NominationEvent,
        subject="nomination",
    )
)
