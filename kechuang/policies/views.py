from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.http import AppRequest, audit_access, xlsx_response

from .models import Policy, Push


def _matches(request: AppRequest, policy: Policy) -> tuple[list[Any], set[int]]:
    from kechuang.enterprises.models import Enterprise

    from .matching import FACT_FIELDS, match

    found = match(
        policy,
        Enterprise.objects.visible_to(request.user).only(*FACT_FIELDS),
        timezone.localdate(),
    )
    told = set(
        Push.objects.visible_to(request.user)
        .filter(policy=policy)
        .values_list("enterprise_id", flat=True)
    )
    for m in found:
        m.told = m.enterprise.pk in told
    return found, told


def matches_page(request: AppRequest, pk: int) -> HttpResponse:
    """The enterprises that qualify for a policy and those one condition short (with that
    condition named), the estimated benefit of each, whether they were told; push the
    chosen ones at once; export as Excel."""
    from .conditions import describe
    from .forms import PushManyForm
    from .matching import QUALIFIED
    from .selectors import library

    policy = get_object_or_404(library(request.user), pk=pk)
    found, _told = _matches(request, policy)
    qualified = [m for m in found if m.kind == QUALIFIED]
    nearly = [m for m in found if m.kind != QUALIFIED]
    if request.GET.get("format") == "xlsx":
        audit_access(
            request,
            Policy,
            str(policy.pk),
            f"导出政策匹配企业：{policy.title}",
            {"export": "policy_matches", "rows": len(found)},
        )
        rows = [
            [
                m.enterprise.uscc,
                m.enterprise.name,
                "符合" if m.kind == QUALIFIED else "差一项",
                m.reason,
                float(m.benefit / 10000) if m.benefit is not None else None,
                m.benefit_note,
                "已推送" if m.told else "未推送",
            ]
            for m in found
        ]
        headers = [
            "统一社会信用代码",
            "企业名称",
            "匹配结果",
            "差距",
            "预计受益（万元）",
            "估算依据",
            "推送情况",
        ]
        return xlsx_response(_book(policy.title, headers, rows), f"policy-{policy.pk}-matches.xlsx")
    from django.core.paginator import Paginator

    show = "nearly" if request.GET.get("show") == "nearly" else "qualified"
    wanted = (request.GET.get("q") or "").strip()
    chosen = qualified if show == "qualified" else nearly
    if wanted:
        chosen = [m for m in chosen if wanted in m.enterprise.name]
    page = Paginator(chosen, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/matches.html",
        {
            "policy": policy,
            "conditions": [describe(c) for c in policy.conditions or []],
            "show": show,
            "q": wanted,
            "page": page,
            "qualified_count": len(qualified),
            "nearly_count": len(nearly),
            "told_qualified": sum(1 for m in qualified if m.told),
            "form": PushManyForm(),
            "title": _("匹配企业：%(t)s") % {"t": policy.title},
        },
    )


def _book(title: str, headers: list[str], rows: list[list[Any]]) -> bytes:
    """The policy's title over the export's table, every cell formula-safe as the list
    exports are (utilities.xlsx): an enterprise name is data, never a formula."""
    import io

    from openpyxl import Workbook

    from kechuang.utilities.xlsx import cell_value, safe_text

    book = Workbook()
    sheet = book.active
    sheet.title = "匹配企业"
    sheet.append([safe_text(title)])
    sheet.append([safe_text(h) for h in headers])
    for row in rows:
        sheet.append([cell_value(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@require_POST
def push_many(request: AppRequest, pk: int) -> HttpResponse:
    """Tell the chosen matching enterprises of the policy (one ledger row each)."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from kechuang.enterprises.models import Enterprise

    from . import services
    from .forms import PushManyForm
    from .selectors import library

    policy = get_object_or_404(library(request.user), pk=pk)
    form = PushManyForm(request.POST)
    chosen = [v for v in request.POST.getlist("enterprise") if v.isdigit()]
    back = redirect("policies:matches", pk=policy.pk)
    if not chosen:
        messages.error(request, _("请先勾选要推送的企业。"))
        return back
    if not form.is_valid():
        messages.error(request, _("请填写推送日期和推送方式。"))
        return back
    enterprises = list(Enterprise.objects.visible_to(request.user).filter(pk__in=chosen))
    try:
        made = services.push_many(
            actor=request.user,
            policy=policy,
            enterprises=enterprises,
            on=form.cleaned_data["on"],
            channel=form.cleaned_data["channel"],
            note=form.cleaned_data["note"],
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return back
    messages.success(
        request, _("已向%(n)s家企业推送“%(t)s”，记入推送台账。") % {"n": made, "t": policy.title}
    )
    return back


def portal(request: AppRequest) -> HttpResponse:
    """An enterprise's own page: the policies in force it may qualify for (or is one
    condition short of, with that condition named), the benefit estimated, and the policies
    the bureau told it of, with its answer."""
    from kechuang.enterprises.models import Enterprise

    from .choices import Response
    from .matching import QUALIFIED, facts_for, match

    enterprise = (
        Enterprise.objects.filter(pk=getattr(request.user, "enterprise_id", None) or 0)
        .select_related("region")
        .first()
    )
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    pushes: list[Push] = []
    if enterprise is not None:
        facts = facts_for([enterprise], today)
        from .selectors import ancestors

        where = [enterprise.region_id, *ancestors(enterprise.region)]
        for policy in Policy.objects.filter(region_id__in=where).order_by("-issued_on", "pk"):
            if not policy.in_force(today):
                continue
            for m in match(policy, [enterprise], today, facts=facts):
                rows.append({"policy": policy, "match": m, "qualified": m.kind == QUALIFIED})
        rows.sort(key=lambda r: (not r["qualified"], r["policy"].title))
        pushes = list(
            Push.objects.filter(enterprise=enterprise)
            .select_related("policy")
            .order_by("-pushed_on")
        )
    return render(
        request,
        "policies/portal.html",
        {
            "enterprise": enterprise,
            "rows": rows,
            "pushes": pushes,
            "responses": Response.choices,
            "title": _("可享受的政策"),
        },
    )


@require_POST
def push_respond(request: AppRequest, pk: int) -> HttpResponse:
    """An enterprise answers a push it received (有意申报、已申报、暂不申报)."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from . import services
    from .choices import Response

    push = get_object_or_404(Push.objects.visible_to(request.user), pk=pk)
    answer = request.POST.get("response", "")
    if answer not in Response.values:
        messages.error(request, _("请选择反馈。"))
        return redirect("policies:portal")
    try:
        services.push_update(actor=request.user, push=push, version=push.version, response=answer)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("policies:portal")
    messages.success(request, _("已反馈：%(r)s。") % {"r": Response(answer).label})
    return redirect("policies:portal")
