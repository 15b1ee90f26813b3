"""Figures over the API: the registry's list, and one figure's value with its records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from kechuang.core import figures
from kechuang.core.periods import PeriodError

from .. import selectors


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="指标键，如 enterprises.hte_valid")
    label = serializers.CharField(help_text="中文名称")
    unit = serializers.CharField(help_text="单位，如 家、元、%")
    description = serializers.CharField(help_text="统计口径")
    group = serializers.CharField(help_text="所属工作")


class PeriodSerializer(serializers.Serializer):
    key = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class RecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    uscc = serializers.CharField(help_text="统一社会信用代码")
    name = serializers.CharField(help_text="企业名称")


class FigureValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    region = serializers.CharField(help_text="区划代码")
    period = PeriodSerializer()
    value = serializers.JSONField(help_text="数值（金额为元，字符串形式的精确小数）")
    facts = serializers.DictField(help_text="文字说明所需的补充数字")
    records = RecordSerializer(many=True, help_text="该数字背后的企业")


@extend_schema(
    operation_id="figures_list",
    responses=FigureSerializer(many=True),
    summary="已登记的指标（看板与工作总结中的数字）",
)
@api_view(["GET"])
def figure_list(request: Request) -> Response:
    return Response(
        [
            {
                "key": f.key,
                "label": str(f.label),
                "unit": str(f.unit),
                "description": str(f.description),
                "group": str(f.group),
            }
            for f in sorted(figures.FIGURES.values(), key=lambda f: f.key)
        ]
    )


@extend_schema(
    parameters=[
        OpenApiParameter("region", str, description="区划代码（默认本人所属区划）"),
        OpenApiParameter(
            "period", str, description="2025、2025H1、2025Q3 或 2025-01-01..2025-06-30"
        ),
    ],
    operation_id="figures_retrieve",
    responses=FigureValueSerializer,
    summary="一个指标的数值及其背后的企业",
)
@api_view(["GET"])
def figure_detail(request: Request, key: str) -> Response:
    if key not in figures.FIGURES:
        raise Http404
    region = selectors.region_of(request.user, request.query_params.get("region"))
    try:
        period = selectors.period_of(request.query_params.get("period"))
    except PeriodError as exc:
        raise ValidationError({"period": [str(exc)]}) from exc
    result = figures.compute(key, user=request.user, region=region, period=period)
    records = []
    if result.records is not None:
        # the figure's kind of record (enterprises, platforms …) with its listing's columns,
        # keyed by their paths ("get_level_display" → "level_display")
        listing = figures.get(key).listing
        keys = [c.path.removeprefix("get_") for c in listing.columns]
        rows = listing.records(result.records).order_by(listing.name, "pk")
        records = [
            {"id": record.pk, **dict(zip(keys, listing.values(record), strict=True))}
            for record in rows
        ]
    return Response(
        {
            "key": key,
            "label": str(figures.get(key).label),
            "unit": str(figures.get(key).unit),
            "region": region.code,
            "period": {"key": period.key, "start": period.start, "end": period.end},
            "value": _plain(result.value),
            "facts": _plain(result.facts),
            "records": records,
        }
    )
