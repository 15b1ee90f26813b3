from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region
from kechuang.core.forms import VersionedForm
from kechuang.enterprises.models import Enterprise

from .choices import Audience
from .models import ANNOUNCEMENT_FIELDS, Announcement


class AnnouncementForm(VersionedForm):
    enterprises = forms.ModelMultipleChoiceField(
        label=_("指定企业"),
        queryset=Enterprise.objects.none(),
        required=False,
        help_text=_("发送范围为“指定企业”时选择；按住 Ctrl 可多选。"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    attachment = forms.FileField(
        label=_("附件"),
        required=False,
        help_text=_("PDF、图片、Word 或 Excel，不超过20MB；发布后还可在通知页添加。"),
    )

    class Meta:
        model = Announcement
        fields = list(ANNOUNCEMENT_FIELDS)
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, user: Any = None, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible = Enterprise.objects.visible_to(user).order_by("name_sort", "pk")
        enterprises: Any = self.fields["enterprises"]
        enterprises.queryset = visible
        town: Any = self.fields["town"]
        region = getattr(user, "region", None)
        town.queryset = (
            Region.objects.filter(level=RegionLevel.TOWN, code__startswith=region.code)
            if region is not None
            else Region.objects.none()
        )
        # 通知未提交企业: /announcements/add/?campaign=<id> preselects the survey's laggards.
        campaign = request.GET.get("campaign") if request is not None else None
        if campaign and not self.is_bound:
            from kechuang.rdstats.models import NOT_SUBMITTED, SurveyForm

            laggards = SurveyForm.objects.visible_to(user).filter(
                campaign_id=campaign if str(campaign).isdigit() else 0,
                status__in=NOT_SUBMITTED,
            )
            self.initial["audience"] = Audience.LIST
            self.initial["enterprises"] = list(laggards.values_list("enterprise_id", flat=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        audience = data.get("audience")
        if audience == Audience.TOWN and not data.get("town"):
            self.add_error("town", _("发送范围为“指定乡镇”时，请选择乡镇（街道）。"))
        if audience == Audience.LIST and not data.get("enterprises"):
            self.add_error("enterprises", _("发送范围为“指定企业”时，请选择至少一家企业。"))
        return data
