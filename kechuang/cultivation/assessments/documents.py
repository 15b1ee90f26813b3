"""The gap report as a .docx (一企一策 starting point), built with python-docx."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from kechuang.core.money import show

MARK = {True: "符合", False: "不符合", None: "待定"}


def _font(run: Any, name: str = "仿宋_GB2312", size: float = 14) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def _heading(doc: Any, text: str) -> None:
    paragraph = doc.add_paragraph()
    _font(paragraph.add_run(text), "黑体", 16)


def _para(doc: Any, text: str) -> None:
    _font(doc.add_paragraph().add_run(text))


def gap_report_docx(context: dict[str, Any]) -> bytes:
    enterprise, year = context["enterprise"], context["year"]
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(f"{enterprise.name}\n{year}年资格评价与差距分析"), "方正小标宋简体", 22)
    _para(doc, f"统一社会信用代码：{enterprise.uscc}    所在乡镇：{enterprise.region.name}")
    for key, label in (("hte", "一、高新技术企业认定"), ("techsme", "二、科技型中小企业评价")):
        assessment = context.get(key)
        if assessment is None:
            continue
        _heading(
            doc, f"{label}：{assessment.get_verdict_display()}（评分 {assessment.score_display}）"
        )
        if assessment.gaps:
            _para(doc, "还差什么：")
            for number, gap in enumerate(assessment.gaps, start=1):
                _para(doc, f"{number}. {gap['explanation']}")
        else:
            _para(doc, "各项条件均已满足。")
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("条件", "结果", "说明"), strict=True):
            cell.text = text
        for criterion in assessment.criteria:
            row = table.add_row().cells
            row[0].text = criterion["label"]
            row[1].text = MARK.get(criterion["passed"], "—")
            row[2].text = criterion["explanation"]
        for note in assessment.result.get("notes", []):
            _para(doc, f"注：{note}")
    benefits = context.get("benefits")
    if benefits:
        _heading(doc, "三、税收优惠测算")
        _para(
            doc,
            f"研发费用加计扣除额约{show(benefits['deduction'])}万元，按25%税率少缴企业所得税约"
            f"{show(benefits['saved_25'])}万元；认定为高新技术企业后适用15%税率。"
            "（估算，以税务机关认定为准）",
        )
    _heading(doc, "四、帮扶措施（走访时填写）")
    for _ in range(3):
        _para(doc, "措施：__________  责任人：______  完成时间：______")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
