from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.core.forms import DATE, VersionedForm
from kechuang.enterprises.models import Enterprise

from .models import NOMINATION_FIELDS, Nomination


class NominationForm(VersionedForm):
    on = forms.DateField(label=_("推荐日期"), widget=DATE, required=False)

    class Meta:
        model = Nomination
        fields = list(NOMINATION_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enterprise: Any = self.fields["enterprise"]
        enterprise.queryset = Enterprise.objects.visible_to(user)  # never another county's
        if self.instance.pk:
            del self.fields["on"]  # the date of a state is the history's, not an edit's
        else:
            self.fields["on"].initial = timezone.localdate()
