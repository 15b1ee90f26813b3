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

import jinja2
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

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


# The report's vocabulary (docs/guide/report.md): the only names a template may use, what each
# holds, and for records the fields. Anything else — a call, an index, a private attribute, a
# global such as ``lipsum`` or ``cycler``, {% set %}, {% include %}, {% macro %} — is refused
# before the template is rendered, and rendering itself runs in Jinja's immutable sandbox with no
# globals and only the filters below (defence in depth: issue #11, defect 1).
TEXT, TEXTS, CONST, LOOP = "text", "texts", "const", "loop"
VOCABULARY: dict[str, Any] = {
    "title": TEXT,
    "region": TEXT,
    "period": TEXT,
    "intro": TEXT,
    "problems": TEXTS,
    "plans": TEXTS,
    "work": ("records", ("heading", "text")),
}
LOOP_FIELDS = {"index", "index0", "first", "last", "length", "revindex", "revindex0"}
FILTERS = {"default", "trim", "length", "join", "first", "last", "upper", "lower"}
TESTS = {"defined", "undefined", "none", "string", "number"}
MAX_LOOP_DEPTH = 3


def _describe(node: Any) -> str:
    """A readable rendering of an expression, for messages."""
    if isinstance(node, nodes.Name):
        return str(node.name)
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_describe(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_describe(node.node)}[{_describe(node.arg)}]"
    if isinstance(node, nodes.Call):
        return f"{_describe(node.node)}(…)"
    if isinstance(node, nodes.Filter):
        return f"{_describe(node.node)}|{node.name}"
    return "…"


class _Refused(Exception):
    def __init__(self, node: Any, why: str) -> None:
        super().__init__(why)
        self.node, self.why = node, why


class _Unknown(_Refused):
    pass


class TemplateChecker:
    """Walk a parsed template; allow only the report's vocabulary (an allow-list, not a
    deny-list: what is not named here cannot run)."""

    def __init__(self) -> None:
        self.scopes: list[dict[str, Any]] = [dict(VOCABULARY)]
        self.depth = 0

    def lookup(self, node: Any) -> Any:
        for scope in reversed(self.scopes):
            if node.name in scope:
                return scope[node.name]
        raise _Unknown(node, node.name)

    def expr(self, node: Any) -> Any:
        if isinstance(node, nodes.Const):
            if not isinstance(node.value, str | int | float | bool | type(None)):
                raise _Refused(node, _("只能使用文字或数字常量"))
            return CONST
        if isinstance(node, nodes.Name):
            return self.lookup(node)
        if isinstance(node, nodes.Getattr):
            base = self.expr(node.node)
            if base == LOOP and node.attr in LOOP_FIELDS:
                return CONST
            if isinstance(base, tuple) and base[0] == "record" and node.attr in base[1]:
                return TEXT
            raise _Refused(node, _("不允许访问“%(a)s”") % {"a": node.attr})
        if isinstance(node, nodes.Filter):
            if node.name not in FILTERS:
                raise _Refused(node, _("不允许使用过滤器“%(f)s”") % {"f": node.name})
            if node.node is not None:
                self.expr(node.node)
            self._const_args(node)
            return TEXT
        if isinstance(node, nodes.Test):
            if node.name not in TESTS:
                raise _Refused(node, _("不允许使用判断“%(f)s”") % {"f": node.name})
            self.expr(node.node)
            self._const_args(node)
            return CONST
        if isinstance(node, nodes.Not | nodes.Neg | nodes.Pos):
            self.expr(node.node)
            return CONST
        if isinstance(node, nodes.And | nodes.Or | nodes.Concat | nodes.CondExpr | nodes.Compare):
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Operand):
                    self.expr(child.expr)
                else:
                    self.expr(child)
            return TEXT if isinstance(node, nodes.Concat | nodes.CondExpr) else CONST
        if isinstance(node, nodes.Call):
            raise _Refused(node, _("不允许调用函数或方法"))
        if isinstance(node, nodes.Getitem | nodes.Slice):
            raise _Refused(node, _("不允许使用下标 [ ]"))
        raise _Refused(node, _("不允许使用这种写法"))

    def _const_args(self, node: Any) -> None:
        if node.kwargs or node.dyn_args or node.dyn_kwargs:
            raise _Refused(node, _("过滤器只能使用常量参数"))
        for arg in node.args:
            if not isinstance(arg, nodes.Const):
                raise _Refused(node, _("过滤器只能使用常量参数"))
            self.expr(arg)

    def body(self, statements: list[Any]) -> None:
        for statement in statements:
            self.statement(statement)

    def statement(self, node: Any) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.top(child)
            return
        if isinstance(node, nodes.If):
            self.top(node.test)
            self.body(node.body)
            for branch in node.elif_:
                self.statement(branch)
            self.body(node.else_)
            return
        if isinstance(node, nodes.For):
            self.loop(node)
            return
        keyword = type(node).__name__.lower()
        raise _Refused(node, _("不允许使用 {%% %(k)s %%} 语句") % {"k": keyword})

    def loop(self, node: Any) -> None:
        if node.recursive or not isinstance(node.target, nodes.Name):
            raise _Refused(node, _("循环只能写作 {%p for x in 列表 %}"))
        if self.depth >= MAX_LOOP_DEPTH:
            raise _Refused(node, _("循环嵌套超过 %(n)d 层") % {"n": MAX_LOOP_DEPTH})
        kind = self.top(node.iter)
        if kind == TEXTS:
            item: Any = TEXT
        elif isinstance(kind, tuple) and kind[0] == "records":
            item = ("record", kind[1])
        else:
            raise _Refused(node.iter, _("“%(n)s”不是列表") % {"n": _describe(node.iter)})
        self.scopes.append({node.target.name: item, "loop": LOOP})
        self.depth += 1
        if node.test is not None:
            self.top(node.test)
        self.body(node.body)
        self.depth -= 1
        self.scopes.pop()
        self.body(node.else_)

    def top(self, node: Any) -> Any:
        """Check one tag's expression; a refusal names the whole tag."""
        try:
            return self.expr(node)
        except _Unknown as exc:
            if exc.node is node:  # a bare unknown name: a misspelt tag
                raise TemplateProblem(
                    _("模板中的标签“%(t)s”不存在。可用的标签：%(all)s。")
                    % {"t": exc.why, "all": "、".join(TAGS)}
                ) from None
            why = _("“%(n)s”不是可用的标签") % {"n": exc.why}
            raise TemplateProblem(self._message(node, why)) from None
        except _Refused as exc:
            raise TemplateProblem(self._message(node, exc.why)) from None

    @staticmethod
    def _message(node: Any, why: str) -> str:
        return _("模板标签“{{ %(t)s }}”不被允许：%(why)s。可用的标签：%(all)s。") % {
            "t": _describe(node),
            "why": why,
            "all": "、".join(TAGS),
        }

    def check(self, tree: Any) -> None:
        try:
            self.body(tree.body)
        except _Refused as exc:  # a statement refused outside any tag expression
            raise TemplateProblem(
                _("模板不被允许：%(why)s。可用的标签：%(all)s。")
                % {"why": exc.why, "all": "、".join(TAGS)}
            ) from None


class ReportEnvironment(ImmutableSandboxedEnvironment):
    """Every template this environment compiles is checked against the vocabulary first."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
        tree = super()._parse(source, name, filename)
        TemplateChecker().check(tree)
        return tree


def environment() -> ReportEnvironment:
    """Jinja's immutable sandbox, no globals, the allowed filters only, every template checked."""
    env = ReportEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.globals.clear()
    env.filters = {k: v for k, v in env.filters.items() if k in FILTERS}
    env.tests = {k: v for k, v in env.tests.items() if k in TESTS}
    return env


# A template is a small Word file: refuse large ones and zip bombs before python-docx opens it.
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024
TEMPLATE_MAX_UNCOMPRESSED = 30 * 1024 * 1024


def check_template_file(template: bytes) -> None:
    from kechuang.core.uploads import UploadRefused, scan
    from kechuang.dataio.readers import FileRejected, check_zip

    try:
        scan(template, "template.docx")
    except UploadRefused as exc:
        raise TemplateProblem(str(exc)) from exc
    if len(template) > TEMPLATE_MAX_BYTES:
        raise TemplateProblem(
            _("模板文件超过 %(m)d MB，请删去图片等大对象后重试。")
            % {"m": TEMPLATE_MAX_BYTES // 1048576}
        )
    if not template.startswith(b"PK\x03\x04"):
        raise TemplateProblem(
            _("模板文件无法读取（不是 .docx 文件）。请上传用 Word 另存的 .docx 文件。")
        )
    try:
        check_zip(template, max_uncompressed=TEMPLATE_MAX_UNCOMPRESSED)
    except FileRejected as exc:
        raise TemplateProblem(_("模板文件无法使用：%(m)s") % {"m": exc}) from exc


def render(template: bytes, context: dict[str, Any]) -> bytes:
    """Render in the sandbox; a template problem becomes a TemplateProblem naming the tag."""
    from docxtpl import DocxTemplate

    check_template_file(template)
    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(context, jinja_env=environment())
    except TemplateProblem:
        raise
    except jinja2.exceptions.SecurityError as exc:  # the sandbox caught what the checker let by
        raise TemplateProblem(_("模板包含不允许的操作（%(m)s）。") % {"m": exc}) from exc
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
