"""The work report: every number in the .docx equals its figure; layout; templates; CLI."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from docx import Document

from kechuang.core import figures
from kechuang.core.periods import Period
from kechuang.reports import compose, rendering, services
from kechuang.reports.models import WorkReport

from .conftest import YEAR

pytestmark = pytest.mark.django_db

FORMATS = {
    "元": compose.wan,
    **dict.fromkeys(("家", "个", "项", "名", "人", "件", "场", "次", "份", "人次"), compose.count),
}


def assert_number_is_the_figure(use, text, *, user, region, period) -> None:
    """The number shown is the figure's value (or, for a share or an intensity, the fact the
    figure reports), formatted as the report formats it; and it is in the document."""
    result = figures.compute(use["key"], user=user, region=region, period=period)
    if use["kind"] == "name":  # a record named in the text: one of the figure's records
        listing = figures.get(use["key"]).listing
        cells = " ".join(
            str(cell) for record in result.records for cell in listing.row(record) if cell
        )
        assert use["value"] == str(result.value) and use["shown"] in cells, use
    elif use["unit"] != "%":
        assert use["value"] == str(result.value), use
        assert use["shown"] == FORMATS[use["unit"]](result.value), use
    else:  # a percentage the figure itself derives (a share, an intensity)
        facts = {str(v) for v in result.facts.values()}
        assert use["value"] in facts, use
        assert use["shown"] == compose.pct(use["value"]), use
    assert use["shown"] in text, use
    assert sorted(use["ids"]) == sorted(result.record_ids()), use


def text_of(data: bytes) -> tuple[Document, str]:
    document = Document(io.BytesIO(data))
    return document, "\n".join(p.text for p in document.paragraphs)


def test_every_number_is_its_figure(mini, personas, regions):
    period = Period.year_of(YEAR)
    report = services.generate(actor=personas.staff_a, region=regions.county_a, period=period)
    _doc, text = text_of(report.docx.read())
    assert "{{" not in text and "{%" not in text and "X" not in text
    uses = report.snapshot["figures"]
    assert {u["key"] for u in uses} >= {
        "cultivation.hte_trained",
        "cultivation.hte_guided",
        "cultivation.hte_applied_batch1",
        "cultivation.tech_sme_registered",
        "enterprises.above_scale",
        "enterprises.above_scale_without_bachelor",
        "targets.next_hte_recognised",
    }
    for use in uses:
        assert_number_is_the_figure(
            use, text, user=personas.staff_a, region=regions.county_a, period=period
        )
    # the seed's wording, with example names where the seed has them
    assert "对拟认证的2家企业进行高新技术企业认定培训" in text
    assert "5月，县科技局联合县财政局到重点培育企业一号机械等1家企业现场指导" in text
    assert "目前组织一号机械等1家企业申报第一批次高企" in text
    assert "目前一批共1家已完成评价入库" in text
    assert "规模以上企业2家，其中1家2024年度没有本科及以上学历的人员" in text
    assert "全年新认定国家高新技术企业12家以上" in text


def test_layout_follows_gb_t_9704(mini, personas, regions):
    report = services.generate(
        actor=personas.staff_a, region=regions.county_a, period=Period.year_of(YEAR)
    )
    document, _text = text_of(report.docx.read())
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    fonts = {
        run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        for p in document.paragraphs
        for run in p.runs
        if run.text.strip()
    }
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"} <= fonts
    title = document.paragraphs[0].runs[0]
    assert title.font.size.pt == 22 and document.paragraphs[0].text.endswith("工作总结")
    footer = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer


def test_snapshot_and_companion_workbook(mini, personas, regions):
    report = services.generate(
        actor=personas.staff_a, region=regions.county_a, period=Period.year_of(YEAR)
    )
    sheet = openpyxl.load_workbook(io.BytesIO(report.xlsx.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    labels = [r[0] for r in rows[1:] if r[0]]
    assert "参加高企认定培训的企业" in labels
    names = [r[5] for r in rows[1:] if r[5]]
    assert "一号机械有限公司" in names and "三号软件有限公司" in names
    stored = WorkReport.objects.get(pk=report.pk).snapshot["figures"]
    assert any(u["key"] == "cultivation.tech_sme_registered" and u["value"] == "1" for u in stored)


def test_an_edited_template_is_used_and_a_bad_tag_is_named(mini, personas, regions):
    document = Document(io.BytesIO(rendering.default_template_bytes()))
    document.add_paragraph("附：本报告由科创系统生成（{{ region }}）。")
    edited = io.BytesIO()
    document.save(edited)
    template = services.template_upload(
        actor=personas.staff_a, region=regions.county_a, name="我们的模板", data=edited.getvalue()
    )
    assert template.version == 1 and template.is_active
    report = services.generate(
        actor=personas.staff_a, region=regions.county_a, period=Period.year_of(YEAR)
    )
    assert "附：本报告由科创系统生成（甲县）。" in text_of(report.docx.read())[1]
    assert report.template_id == template.pk

    broken = Document(io.BytesIO(rendering.default_template_bytes()))
    broken.add_paragraph("{{ regoin }}")
    data = io.BytesIO()
    broken.save(data)
    with pytest.raises(ValidationError) as exc:
        services.template_upload(
            actor=personas.staff_a, region=regions.county_a, name="", data=data.getvalue()
        )
    assert "“regoin”不存在" in str(exc.value)
    syntax = Document(io.BytesIO(rendering.default_template_bytes()))
    syntax.add_paragraph("{{ region ")
    data = io.BytesIO()
    syntax.save(data)
    with pytest.raises(ValidationError, match="写法有误"):
        services.template_upload(
            actor=personas.staff_a, region=regions.county_a, name="", data=data.getvalue()
        )
    with pytest.raises(ValidationError, match="无法读取"):
        services.template_upload(
            actor=personas.staff_a, region=regions.county_a, name="", data=b"not a docx"
        )


def test_command_line(mini, regions, tmp_path):
    out, xlsx = tmp_path / "r.docx", tmp_path / "r.xlsx"
    call_command(
        "work_report",
        "--region",
        regions.county_a.code,
        "--from",
        f"{YEAR}-01-01",
        "--to",
        f"{YEAR}-06-30",
        "--out",
        str(out),
        "--xlsx",
        str(xlsx),
    )
    _doc, text = text_of(out.read_bytes())
    assert "甲县科技局2025年01月01日至2025年06月30日工作总结" in text
    assert "申报第一批次" not in text  # the July application is outside the first half
    assert re.search(r"对拟认证的2家企业", text)
    assert xlsx.stat().st_size > 0
    assert WorkReport.objects.filter(period_end=date(YEAR, 6, 30)).count() == 1


def test_only_staff_generate(mini, personas, regions):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.generate(
            actor=personas.leader, region=regions.county_a, period=Period.year_of(YEAR)
        )


def test_the_report_opens_in_libreoffice(mini, personas, regions, tmp_path):
    """LibreOffice converts the .docx to PDF (in CI it is installed; elsewhere this may skip)."""
    import os
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) not found: install libreoffice-writer-nogui")
        pytest.skip("LibreOffice not installed here; CI installs it")
    report = services.generate(
        actor=personas.staff_a, region=regions.county_a, period=Period.year_of(YEAR)
    )
    source = tmp_path / "report.docx"
    source.write_bytes(report.docx.read())
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Page" in pdf


def test_the_demo_county_report_is_complete_and_true(settings):
    """The demo county's report of last year: no placeholder, every number its figure's value."""
    from datetime import date as day

    from kechuang.accounts.choices import RegionLevel
    from kechuang.accounts.models import Region, User

    settings.DEMO_MODE = True
    call_command("demo_seed", "--scale", "county", "--seed", "42")
    county = Region.objects.get(level=RegionLevel.COUNTY)
    staff = User.objects.get(username="demo-staff")
    period = Period.year_of(day.today().year - 1)
    report = services.generate(actor=staff, region=county, period=period)
    _doc, text = text_of(report.docx.read())
    assert "{{" not in text and "{%" not in text and "X" not in text
    uses = report.snapshot["figures"]
    assert len(uses) >= 10  # survey, cultivation, diagnostics and targets all have data
    for use in uses:
        assert_number_is_the_figure(use, text, user=staff, region=county, period=period)
    sections = [p for p in text.split("\n") if p.startswith("（")]
    assert any("研发投入统计" in p for p in sections) and any(
        "创新型企业培育" in p for p in sections
    )
