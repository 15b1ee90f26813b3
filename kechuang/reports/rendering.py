"""The .docx: a default template laid out per GB/T 9704-2012, rendered with docxtpl.

Layout: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号
(22 pt), body 仿宋_GB2312 三号 (16 pt) with a two-character first-line indent, level-1 headings
黑体, level-2 楷体_GB2312, page numbers centred in the footer. The fonts are named in the file;
the user's Word supplies them.

Tags (docs/guide/report.md): ``{{ title }}``, ``{{ region }}``, ``{{ period }}``, ``{{ intro }}``,
``work`` (each with ``heading`` and ``text``), ``problems`` and ``plans`` (lists of paragraphs).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DEFAULT_TEMPLATE = Path(__file__).parent / "word" / "default.docx"
TEMPLATE_VERSION = "builtin-1"
TAGS = ["title", "region", "period", "intro", "work", "s.heading", "s.text", "problems", "plans"]

TITLE_FONT, BODY_FONT, H1_FONT, H2_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
SIZE_2, SIZE_3 = Pt(22), Pt(16)


class TemplateProblem(ValueError):
    """A template that cannot be rendered; the message (Chinese) names the tag."""


def _run(paragraph: Any, text: str, font: str, size: Any = SIZE_3) -> Any:
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _body(doc: Any, *runs: tuple[str, str]) -> Any:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
    paragraph.paragraph_format.line_spacing = Pt(28)
    for text, font in runs:
        _run(paragraph, text, font)
    return paragraph


def _page_number(section: Any) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", BODY_FONT, Pt(14))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    _run(paragraph, " —", BODY_FONT, Pt(14))


def build_default_template() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, "{{ title }}", TITLE_FONT, SIZE_2)
    _body(doc, ("{{ intro }}", BODY_FONT))
    _body(doc, ("一、工作开展情况", H1_FONT))
    doc.add_paragraph("{%p for s in work %}")
    _body(doc, ("{{ s.heading }}", H2_FONT), ("{{ s.text }}", BODY_FONT))
    doc.add_paragraph("{%p endfor %}")
    _body(doc, ("二、存在的问题", H1_FONT))
    doc.add_paragraph("{%p for p in problems %}")
    _body(doc, ("{{ p }}", BODY_FONT))
    doc.add_paragraph("{%p endfor %}")
    _body(doc, ("三、下步工作计划", H1_FONT))
    doc.add_paragraph("{%p for p in plans %}")
    _body(doc, ("{{ p }}", BODY_FONT))
    doc.add_paragraph("{%p endfor %}")
    _page_number(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def default_template_bytes() -> bytes:
    return DEFAULT_TEMPLATE.read_bytes()


def render(template: bytes, context: dict[str, Any]) -> bytes:
    """Render; a template error becomes a TemplateProblem naming the tag."""
    import jinja2
    from docxtpl import DocxTemplate

    try:
        document = DocxTemplate(io.BytesIO(template))
        environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
        document.render(context, jinja_env=environment)
    except jinja2.exceptions.UndefinedError as exc:
        name = re.search(r"'([^']+)' (?:is undefined|has no attribute '([^']+)')", str(exc))
        tag = (name.group(2) or name.group(1)) if name else str(exc)
        raise TemplateProblem(
            _("模板中的标签“%(t)s”不存在。可用的标签：%(all)s。")
            % {"t": tag, "all": "、".join(TAGS)}
        ) from exc
    except jinja2.exceptions.TemplateSyntaxError as exc:
        raise TemplateProblem(
            _("模板标签写法有误（%(m)s）。请检查 {{ }} 与 {%%p %%} 是否成对、拼写是否正确。")
            % {"m": exc.message}
        ) from exc
    except Exception as exc:  # a file Word cannot have written, a broken zip, …
        raise TemplateProblem(
            _("模板文件无法读取（%(m)s）。请上传用 Word 另存的 .docx 文件。") % {"m": exc}
        ) from exc
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":  # python -m kechuang.reports.rendering: rebuild the default template
    DEFAULT_TEMPLATE.write_bytes(build_default_template())
    print(DEFAULT_TEMPLATE)
