"""Batch calendars: the dated rounds a notice announces (HTE application batches, tech-SME
evaluation batches, and the calls of later work lines). One model, ``core.models.Batch``; each
work line registers its kind with the labels its notice uses for the dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BatchKind:
    key: str
    label: Any  # 高企申报批次
    closes_label: Any  # 申报截止日期
    publicise_label: Any  # 公示日期
    opens_label: Any = None  # None: this kind has no opening date


KINDS: dict[str, BatchKind] = {}


def register_kind(kind: BatchKind) -> BatchKind:
    KINDS[kind.key] = kind
    return kind


def kind_of(key: str) -> BatchKind:
    return KINDS[key]


def batches(kind: str, year: int) -> Any:
    """A kind's batches of a year, in order."""
    from .models import Batch

    return Batch.objects.filter(kind=kind, year=year).order_by("number")


def batch_save(*, batch: Any) -> Any:
    """Validate and store a batch (the kind's date order; unique per kind, year and number)."""
    from django.db import transaction

    with transaction.atomic():
        batch.full_clean()
        batch.save()
    return batch


def batch_form(kind: str, *args: Any, **kwargs: Any) -> Any:
    """The add-batch form of a kind, its dates labelled as the kind's notices call them."""
    from django import forms

    from .forms import DATE, style
    from .models import Batch

    info = kind_of(kind)
    fields = ["year", "number", "closes_on", "publicise_by", "note"]
    if info.opens_label is not None:
        fields.insert(2, "opens_on")

    class BatchForm(forms.ModelForm):  # type: ignore[type-arg]
        class Meta:
            model = Batch
            widgets = {"opens_on": DATE, "closes_on": DATE, "publicise_by": DATE}

        Meta.fields = fields

        def __init__(self, *a: Any, **kw: Any) -> None:
            super().__init__(*a, **kw)
            self.instance.kind = kind
            self.fields["closes_on"].label = info.closes_label
            self.fields["publicise_by"].label = info.publicise_label
            if "opens_on" in self.fields:
                self.fields["opens_on"].label = info.opens_label
                self.fields["opens_on"].required = True
            style(self)

    return BatchForm(*args, **kwargs)


def batch_add(request: Any, kind: str, back: str) -> Any:
    """The POST of a list page's "录入批次日历" form: save the batch (or flash why not) and go
    back to the list ``back`` (a URL name) for the batch's year."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from .forms import call_service, flash_errors
    from .http import link

    form = batch_form(kind, request.POST)
    if form.is_valid():
        batch = call_service(form, lambda: batch_save(batch=form.save(commit=False)))
        if batch is not None:
            messages.success(request, _("已保存%(b)s。") % {"b": batch})
    flash_errors(request, form)
    return redirect(link(back, year=form.data.get("year", "")))
