"""After an Excel import of survey forms: submit each form whose checks pass."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from kechuang.dataio.signals import rows_committed

from .models import SurveyForm


@receiver(rows_committed)
def forms_imported(sender: Any, instances: list[Any], **kwargs: Any) -> None:
    if sender is not SurveyForm:
        return
    from .services import forms_after_import

    forms_after_import(form_ids=[i.pk for i in instances])
