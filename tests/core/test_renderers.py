"""The Python-written form widgets (kechuang.core.renderers) write exactly what Django's own
widget templates write, for real forms of the system and for awkward synthetic values."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from kechuang.core.renderers import FastRenderer


class Everything(forms.Form):
    text = forms.CharField(
        initial='a "quoted" <b>&amp;</b>',
        widget=forms.TextInput(attrs={"data-x": mark_safe("<i>"), "autofocus": True}),
    )
    hidden_off = forms.CharField(widget=forms.TextInput(attrs={"disabled": False}))
    number = forms.DecimalField(initial=12.5, widget=forms.NumberInput(attrs={"step": "0.01"}))
    email = forms.EmailField(required=False)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput, initial=7)
    flag = forms.BooleanField(required=False, initial=True)
    area = forms.CharField(widget=forms.Textarea, initial="line one\n<line two>")
    empty_area = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(
        choices=[("", "—"), ("a", gettext_lazy("甲")), ("b&c", "乙 <丙>")], initial="b&c"
    )
    grouped = forms.ChoiceField(
        choices=[("东部", [("1", "一"), ("2", "二")]), ("3", "三"), ("西部", [("4", "四")])],
        initial="4",
    )
    many = forms.MultipleChoiceField(
        choices=[(str(n), f"第{n}项") for n in range(5)], initial=["1", "3"], required=False
    )
    radio = forms.ChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect, initial="y"
    )


def _both(form: forms.BaseForm) -> None:
    fast, stock = FastRenderer(), DjangoTemplates()
    assert fast.fast  # the stock templates were found and are written in Python
    for name in form.fields:
        bound = form[name]
        widget = form.fields[name].widget
        context = widget.get_context(bound.html_name, bound.value(), bound.build_widget_attrs({}))
        assert widget._render(widget.template_name, context, fast) == widget._render(
            widget.template_name, context, stock
        ), name


def test_synthetic_widgets_render_the_same():
    _both(Everything())
    _both(Everything(data={"text": "x&y", "number": "bad", "grouped": "2", "many": ["0"]}))


@pytest.mark.django_db
def test_the_systems_own_forms_render_the_same(personas):
    from kechuang.cultivation.assessments.pages import PoolFilter
    from kechuang.enterprises.filtersets import EnterpriseFilter
    from kechuang.rdstats.forms import ValuesForm

    request = RequestFactory().get("/")
    request.user = personas.staff_a
    _both(EnterpriseFilter({"q": "<x>", "is_hte": "1"}, request=request).form)
    _both(PoolFilter({}, request=request).form)
    _both(ValuesForm())


def test_the_setting_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastRenderer)
