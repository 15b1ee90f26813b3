"""Money: stored as exact yuan, entered and shown in 万元 (GDP in 亿元).

One convention for every page: a model's money column is a ``MoneyField`` (a DecimalField of
18 digits and 2 places, so the database keeps exact fen); its form field takes and shows the
display unit and converts at the boundary; the API keeps yuan (a machine reads exact values).
``unit_slip`` is the check for a value typed in the wrong unit (元 where 万元 is asked).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

WAN = "万元"
YI = "亿元"
SCALES = {"元": Decimal(1), "千元": Decimal(1000), WAN: Decimal(10000), YI: Decimal(10**8)}
FEN = Decimal("0.01")
LARGEST = Decimal(10) ** 16  # 18 digits with 2 places: the column's limit, in yuan
MAX_INPUT_CHARACTERS = 40
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]

# A value this many times last year's (or this small a share of it) was probably typed in the
# wrong unit: 元 for 万元 is a factor of 10,000, and no real year-on-year change comes near 1,000.
SLIP_FACTOR = Decimal(1000)


def plain(value: Decimal) -> str:
    """A Decimal as plain digits (never "1E+4")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def show(yuan: Any, unit: str = WAN) -> str:
    """Yuan → '5,102.18' in ``unit`` (two decimals, thousands separators); '—' when empty."""
    if yuan in (None, "", "None"):
        return "—"
    try:
        return f"{Decimal(str(yuan)) / SCALES[unit]:,.2f}"
    except (InvalidOperation, ValueError):
        return str(yuan)


def show_exact(yuan: Any, unit: str = WAN) -> str:
    """Like ``show`` but never rounds: 1 yuan is '0.0001', not '0.00' (for differences)."""
    if yuan in (None, "", "None"):
        return "—"
    value = Decimal(str(yuan)) / SCALES[unit]
    places = max(2, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    return f"{value:,.{places}f}"


def show_with_unit(yuan: Any, unit: str = WAN) -> str:
    text = show(yuan, unit)
    return text if text == "—" else f"{text}{unit}"


def unit_slip(value: Any, reference: Any) -> Decimal | None:
    """The ratio value/reference when it looks like a unit slip (≥1,000× or ≤1/1,000), else None."""
    if value in (None, "") or reference in (None, ""):
        return None
    amount = value if type(value) is Decimal else Decimal(str(value))
    base = reference if type(reference) is Decimal else Decimal(str(reference))
    if amount <= 0 or base <= 0:
        return None
    ratio: Decimal = amount / base
    if ratio >= SLIP_FACTOR or ratio <= 1 / SLIP_FACTOR:
        return ratio
    return None


def how_many_times(ratio: Decimal) -> str:
    """A ratio as a clerk says it: '11,000倍' or '1/10,000'."""
    return f"{ratio:,.0f}倍" if ratio >= 1 else f"1/{1 / ratio:,.0f}"


def export_unit(asked: Any) -> str:
    """The money unit of a template or an export: 万元 unless 元 is asked (``?unit=yuan``)."""
    return "元" if asked == "yuan" else WAN


def slip_message(
    label: Any, value: Any, reference: Any, reference_label: Any, unit: str = WAN
) -> str:
    """What to check, in Chinese: the value, last year's, how many times, the form's unit."""
    times = _g("的%(t)s") % {"t": how_many_times(Decimal(str(value)) / Decimal(str(reference)))}
    return _g(
        "“%(f)s”填写为%(v)s，是%(ref)s（%(p)s）%(t)s，可能填错了单位（本表金额单位为%(u)s）。"
        "请核对；确认无误请勾选“已核对金额单位”后再保存。"
    ) % {
        "f": label,
        "v": show_with_unit(value, unit),
        "ref": reference_label,
        "p": show_with_unit(reference, unit),
        "t": times,
        "u": unit,
    }


class MoneyFormField(forms.DecimalField):
    """Takes '5,102.18' in 万元 (or 亿元) and cleans to exact yuan; shows yuan in the unit."""

    widget = forms.TextInput

    def __init__(self, *, unit: str = WAN, **kwargs: Any) -> None:
        self.unit = unit
        self.scale = SCALES[unit]
        self.entry_places = 2 + (len(str(int(self.scale))) - 1)
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        kwargs.pop("localize", None)
        super().__init__(**kwargs)
        if self.label is not None and unit not in str(self.label):
            self.label = f"{self.label}（{unit}）"
        self.help_text = ""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.update({"inputmode": "decimal", "data-unit": self.unit, "autocomplete": "off"})
        return attrs

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):  # already yuan (an instance's initial value)
            return value
        text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
        if text in ("", "-"):
            return None
        if len(text) > MAX_INPUT_CHARACTERS:  # no amount needs more; parse nothing longer
            raise ValidationError(_("金额过大"), code="max_digits")
        try:
            entered = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(
                _("请填写数字（单位：%(u)s），如 1234.56"), code="invalid", params={"u": self.unit}
            ) from exc
        if not entered.is_finite():
            raise ValidationError(
                _("请填写数字（单位：%(u)s）"), code="invalid", params={"u": self.unit}
            )
        if -entered.as_tuple().exponent > self.entry_places:  # type: ignore[operator]
            raise ValidationError(
                _("单位为%(u)s时最多%(n)s位小数（精确到分）"),
                code="max_decimal_places",
                params={"u": self.unit, "n": self.entry_places},
            )
        # magnitude first (1e999999999 would overflow the arithmetic), then the column's limit
        if entered.adjusted() > LARGEST.adjusted() or abs(entered) * self.scale >= LARGEST:
            raise ValidationError(_("金额过大"), code="max_digits")
        return (entered * self.scale).quantize(FEN)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return plain(Decimal(str(value)) / self.scale)
        return value


class MoneyField(models.DecimalField):  # type: ignore[type-arg]
    """Exact yuan in the database; ``unit`` is how people enter and read it."""

    def __init__(self, *args: Any, unit: str = WAN, **kwargs: Any) -> None:
        self.unit = unit
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        # The column is a plain DecimalField; the display unit is not a schema matter.
        return name, "django.db.models.DecimalField", args, kwargs

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        defaults: dict[str, Any] = {"form_class": MoneyFormField, "unit": self.unit}
        defaults.update(kwargs)
        if defaults.get("form_class") is not MoneyFormField:
            defaults.pop("unit", None)
        return super().formfield(**defaults)


def money_field(label: Any, *, signed: bool = False, unit: str = WAN) -> Any:
    """Money in exact yuan (18 digits, 2 places), non-negative unless ``signed``."""
    return MoneyField(
        label,
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[] if signed else NON_NEGATIVE,
        help_text=_("单位：元"),
        unit=unit,
    )
