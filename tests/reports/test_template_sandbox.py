"""Report templates are data, never code (issue #11, defect 1).

An uploaded .docx template used to be rendered by an unsandboxed Jinja environment: a tag such as
``{{ lipsum.__globals__['os'].popen('id').read() }}`` ran shell commands. Each classic escape
payload below must be refused at upload, with a Chinese message naming the tag, must run nothing
(a marker file proves it), and must store no template.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from kechuang.reports import rendering, services
from kechuang.reports.models import ReportTemplate

pytestmark = pytest.mark.django_db

CONTEXT = {
    "title": "t",
    "region": "甲县",
    "period": "2025年",
    "intro": "i",
    "work": [{"heading": " 一 ", "text": "x"}],
    "problems": ["p1", "p2"],
    "plans": [],
}
MARKER = "kechuang-template-escape-{n}"


def payloads(marker: Path) -> list[tuple[str, str]]:
    """(tag text, the part of it the message must name)."""
    shell = f"touch {marker}"
    return [
        ("{{ lipsum.__globals__['os'].popen('SHELL').read() }}".replace("SHELL", shell), "lipsum"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "__class__"),
        (
            "{{ cycler.__init__.__globals__.os.popen('SHELL').read() }}".replace("SHELL", shell),
            "cycler",
        ),
        (
            "{{ joiner.__init__.__globals__.os.popen('SHELL').read() }}".replace("SHELL", shell),
            "joiner",
        ),
        (
            "{{ namespace.__init__.__globals__.os.popen('SHELL').read() }}".replace("SHELL", shell),
            "namespace",
        ),
        ("{{ request.application.__globals__ }}", "request"),
        ("{{ settings.SECRET_KEY }}", "settings"),
        ("{{ config.items() }}", "config"),
        ("{{ self._TemplateReference__context }}", "self"),
        ("{{ title.__class__ }}", "__class__"),
        ("{{ title.upper() }}", "title.upper"),
        ("{{ work[0].__class__ }}", "work"),
        ("{% for s in work %}{{ s.__dict__ }}{% endfor %}", "__dict__"),
        ("{% set x = 'a' %}{{ x }}", "assign"),
        ("{% macro m() %}{% endmacro %}", "macro"),
        ("{% include 'x' %}", "include"),
        ("{{ title|attr('__class__') }}", "attr"),
        ("{{ range(99999999)|list }}", "range"),
    ]


def template_with(tag: str) -> bytes:
    document = Document(io.BytesIO(rendering.default_template_bytes()))
    document.add_paragraph(tag)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("index", range(18))
def test_escape_payloads_are_refused_and_run_nothing(index, tmp_path, personas, regions):
    marker = tmp_path / MARKER.format(n=index)
    tag, named = payloads(marker)[index]
    with pytest.raises(ValidationError) as exc:
        services.template_upload(
            actor=personas.staff_a, region=regions.county_a, name="x", data=template_with(tag)
        )
    message = " ".join(exc.value.messages)
    assert named in message, message
    assert "不" in message  # a Chinese refusal, not a stack trace or an English error
    assert not marker.exists(), "the payload ran"
    assert not ReportTemplate.objects.exists()


def test_payload_uploaded_through_the_page_is_refused(client, tmp_path, personas, regions):
    marker = tmp_path / "page-escape"
    tag = "{{ lipsum.__globals__['os'].popen('touch MARK').read() }}".replace("MARK", str(marker))
    client.force_login(personas.staff_a)
    response = client.post(
        reverse("reports:template_upload"),
        {"name": "恶意模板", "file": _upload(template_with(tag))},
        follow=True,
    )
    body = response.content.decode()
    assert "lipsum" in body and "不被允许" in body
    assert not marker.exists()
    assert not ReportTemplate.objects.exists()


def test_the_vocabulary_still_renders(personas, regions):
    """Loops, fields, loop.index, conditions and harmless filters keep working."""
    tag = (
        "{% for s in work %}{{ loop.index }}.{{ s.heading|trim }}{% endfor %}"
        "{% if problems|length > 0 %}{{ problems|join('；') }}{% endif %}"
        "{{ region|default('某县') }}"
    )
    data = rendering.render(template_with(tag), CONTEXT)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "1.一" in text and "p1；p2" in text and "甲县" in text


def test_checker_is_applied_to_headers_and_properties(personas, regions):
    document = Document(io.BytesIO(rendering.default_template_bytes()))
    document.sections[0].header.paragraphs[0].text = "{{ cycler.__init__ }}"
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(rendering.TemplateProblem, match="cycler"):
        rendering.render(out.getvalue(), CONTEXT)
    document = Document(io.BytesIO(rendering.default_template_bytes()))
    document.core_properties.title = "{{ lipsum.__globals__ }}"
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(rendering.TemplateProblem, match="lipsum"):
        rendering.render(out.getvalue(), CONTEXT)


def test_a_zip_bomb_template_is_refused_before_parsing():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * (40 * 1024 * 1024) + "</w")
    with pytest.raises(rendering.TemplateProblem, match="解压后超过"):
        rendering.render(out.getvalue(), CONTEXT)


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "t.docx",
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
