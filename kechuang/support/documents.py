"""One enterprise, one plan as a printable .docx."""

from __future__ import annotations

import io

from .models import EnterprisePlan


def plan_docx(plan: EnterprisePlan) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from kechuang.cultivation.assessments.documents import _font, _heading, _para

    doc = Document()
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(
        head.add_run(f"{plan.enterprise.name}“一企一策”培育方案（{plan.year}年）"),
        "方正小标宋简体",
        18,
    )
    owner = plan.owner.display_name
    _para(
        doc, f"统一社会信用代码：{plan.enterprise.uscc}    所在区划：{plan.enterprise.region.name}"
    )
    _para(
        doc,
        f"责任人：{owner}    复核周期：{plan.review_every}天    "
        f"下次复核日期：{plan.review_on:%Y-%m-%d}"
        + (f"    上次复核：{plan.reviewed_on:%Y-%m-%d}" if plan.reviewed_on else ""),
    )
    _heading(doc, "一、培育目标与思路")
    _para(doc, plan.summary or "（未填写）")
    _heading(doc, "二、措施")
    measures = list(plan.measures.order_by("due_on", "pk"))
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        ("序号", "来源", "措施", "责任人或部门", "完成时限", "完成情况"),
        strict=True,
    ):
        cell.text = text
    for n, m in enumerate(measures, 1):
        row = table.add_row().cells
        row[0].text = str(n)
        row[1].text = str(m.get_source_display())
        row[2].text = m.measure
        row[3].text = m.owner
        row[4].text = f"{m.due_on:%Y-%m-%d}"
        row[5].text = f"已于{m.done_on:%Y-%m-%d}完成" if m.done_on else "未完成"
    if not measures:
        _para(doc, "尚无措施。")
    _heading(doc, "三、复核意见")
    _para(doc, "\n\n（签字）                    年    月    日")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
