"""Generate a work report: compose from the figures, render the .docx, store it with a snapshot
of every figure used and a companion .xlsx of the records behind them."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core import figures
from kechuang.core.money import SCALES, WAN
from kechuang.core.periods import Period
from kechuang.core.scoping import region_q, user_roles
from kechuang.utilities.xlsx import write_xlsx

from . import rendering
from .compose import Composer
from .models import ReportSetting, ReportTemplate, WorkReport


def setting_for(region: Any) -> ReportSetting:
    return ReportSetting.objects.filter(region=region).first() or ReportSetting(region=region)


def active_template(region: Any) -> ReportTemplate | None:
    """The newest active template of the region or of a region above it."""
    codes = [region.code[:n] for n in range(len(region.code), 1, -1)]
    found: ReportTemplate | None = (
        ReportTemplate.objects.filter(is_active=True, region__code__in=codes)
        .order_by("-uploaded_at")
        .first()
    )
    return found


def _check_staff(actor: Any) -> None:
    if actor is not None and "staff" not in user_roles(actor):
        raise PermissionDenied(_("只有科技局工作人员可以生成工作总结。"))


def compose(*, actor: Any, region: Any, period: Period, free_text: str = "") -> Composer:
    setting = setting_for(region)
    composer = Composer(
        user=actor,
        region=region,
        period=period,
        slogan=setting.slogan,
        talent_min=setting.talent_min,
        plan_text=setting.plan_text,
        free_text=free_text,
    )
    composer.context()  # fills composer.uses
    return composer


def companion_xlsx(composer: Composer) -> bytes:
    """Each figure used in the report with the records behind it (enterprises, platforms …)."""
    headers = [
        _("指标"),
        _("数值"),
        _("报告中写作"),
        _("单位"),
        _("统一社会信用代码（平台为类型）"),
        _("名称"),
        _("所在乡镇"),
    ]
    found: dict[str, dict[int, tuple[Any, ...]]] = {}
    for label in {use.records for use in composer.uses}:
        ids = sorted({i for use in composer.uses if use.records == label for i in use.ids})
        found[label] = _companion_records(composer, label, ids)
    # the records a sentence names: one row per figure, with every name it wrote
    named: dict[str, list[str]] = {}
    for use in composer.uses:
        if use.kind == "name" and use.shown not in named.setdefault(use.key, []):
            named[use.key].append(use.shown)
    rows: list[list[Any]] = []
    for use in composer.uses:
        if use.kind == "name":
            if use.key not in named:
                continue  # written with the figure's first mention
            use = replace(use, shown="、".join(named.pop(use.key)))
        value: Any = use.value
        unit = use.unit
        if unit == "元":  # money: 万元 as on every page (stored and computed in yuan)
            value, unit = (Decimal(str(value)) / SCALES[WAN] if value is not None else None), WAN
        rows.append([use.label, value, use.shown, unit, None, None, None])
        # in the registry's order (pinyin), whether the ids came stored or computed now
        records = found[use.records]
        members = sorted((records[pk] for pk in use.ids if pk in records), key=lambda e: e[3:])
        for code, name, town, *_order in members:
            rows.append([None, None, None, None, code, name, town])  # blank, not "" cells
    return write_xlsx(headers, rows, sheet_title=_("数据明细"))


def _companion_records(
    composer: Composer, label: str, ids: list[int]
) -> dict[int, tuple[Any, ...]]:
    """The records of one kind behind the report's numbers, by id, within the user's scope."""
    from django.apps import apps

    model = apps.get_model(label)
    region = composer.region
    if model.objects.covers(composer.user, region):
        # the region's subtree through the joined region row: the database walks the ids
        # (the subquery form drives by region, ~0.4 s per chunk on a province)
        scope = model.objects.filter(region_q(figures.LISTINGS[label].region, region.code))
    else:
        scope = model.objects.visible_in(composer.user, region)
    found: dict[int, tuple[Any, ...]] = {}
    columns = figures.LISTINGS[label].companion
    for start in range(0, len(ids), ID_CHUNK):  # a province's 45,000 ids: chunks, not one IN
        chunk = scope.filter(pk__in=ids[start : start + ID_CHUNK]).order_by()
        for pk, *fields in chunk.values_list("pk", *columns):
            found[pk] = (*fields, pk)
    return found


ID_CHUNK = 900  # under every SQLite build's bound-parameter limit


@transaction.atomic
def generate(
    *,
    actor: Any,
    region: Any,
    period: Period,
    template: ReportTemplate | None = None,
    free_text: str = "",
    progress: Any = None,
) -> WorkReport:
    _check_staff(actor)
    if template is None:
        template = active_template(region)
    composer = compose(actor=actor, region=region, period=period, free_text=free_text)
    if progress:
        progress(1, 3)
    source = template.file.read() if template else rendering.default_template_bytes()
    try:
        document = rendering.render(source, composer.context())
    except rendering.TemplateProblem as exc:
        raise ValidationError({"template": str(exc)}) from exc
    if progress:
        progress(2, 3)
    context = composer.context()
    report = WorkReport(
        region=region,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        title=context["title"],
        template=template,
        template_version=f"{template.pk}-v{template.version}"
        if template
        else rendering.TEMPLATE_VERSION,
        params={"free_text": free_text, "region": region.code, "period": period.key},
        snapshot={
            "generated_at": timezone.now().isoformat(),
            "figures": [asdict(use) for use in composer.uses],
            # numbers read from the worker's snapshots are of this time (None: of generation)
            "figures_as_of": composer.as_of.isoformat() if composer.as_of else None,
        },
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    stamp = f"{region.code}-{period.key.replace('..', '_')}"
    report.docx.save(f"work-report-{stamp}.docx", ContentFile(document), save=False)
    report.xlsx.save(f"work-report-{stamp}.xlsx", ContentFile(companion_xlsx(composer)), save=False)
    report.full_clean()
    report.save()
    if progress:
        progress(3, 3)
    return report


def generate_job(
    *, job: Any, region_id: int, period_key: str, template_id: int | None, free_text: str
) -> dict[str, Any]:
    from kechuang.accounts.models import Region
    from kechuang.core.jobs import job_progress

    report = generate(
        actor=job.created_by,
        region=Region.objects.get(pk=region_id),
        period=Period.parse(period_key),
        template=ReportTemplate.objects.filter(pk=template_id).first() if template_id else None,
        free_text=free_text,
        progress=lambda done, total: job_progress(job=job, progress=done, total=total),
    )
    return {"report": report.pk, "url": report.get_absolute_url(), "url_label": report.title}


@transaction.atomic
def template_upload(*, actor: Any, region: Any, name: str, data: bytes) -> ReportTemplate:
    """Accept a template only if it renders with real data (errors name the tag)."""
    _check_staff(actor)
    composer = compose(actor=actor, region=region, period=Period.year_of(timezone.localdate().year))
    try:
        rendering.render(data, composer.context())
    except rendering.TemplateProblem as exc:
        raise ValidationError({"file": str(exc)}) from exc
    previous = ReportTemplate.objects.filter(region=region)
    version = (previous.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    previous.filter(is_active=True).update(is_active=False)
    template = ReportTemplate(
        name=name or _("工作总结模板"),
        version=version,
        region=region,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    template.file.save(
        f"report-template-{region.code}-v{version}.docx", ContentFile(data), save=False
    )
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def setting_save(*, actor: Any, region: Any, **fields: Any) -> ReportSetting:
    _check_staff(actor)
    setting = setting_for(region)
    for name, value in fields.items():
        setattr(setting, name, value)
    setting.full_clean()
    setting.save()
    return setting
