from __future__ import annotations

import secrets
import string
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .choices import RegionLevel, Role
from .models import Region, User


def _captcha_widget() -> Any:
    from captcha.fields import CaptchaTextInput
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    class LoginCaptchaInput(CaptchaTextInput):
        """The captcha in the site's own template (image, 换一张, the audio link)."""

        template_name = "accounts/_captcha.html"

        def _render(self, template_name, context, renderer=None):
            return mark_safe(render_to_string(template_name, context))  # noqa: S308

    return LoginCaptchaInput()


class LoginForm(AuthenticationForm):
    error_messages = {
        # One message for unknown users and wrong passwords: no account enumeration (SEC-04).
        "invalid_login": _("用户名或密码错误。"),
        "inactive": _("用户名或密码错误。"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        from .captcha import needs_captcha

        posted = str(self.data.get("username", "")) if self.is_bound else ""
        if needs_captcha(request, posted):
            self.add_captcha()
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.fields["username"].widget.attrs.update(
            {"class": "form-control", "autofocus": True, "autocomplete": "username"}
        )
        self.fields["password"].widget.attrs.update(
            {"class": "form-control", "autocomplete": "current-password"}
        )

    def add_captcha(self) -> None:
        from captcha.fields import CaptchaField

        self.fields["captcha"] = CaptchaField(
            label=_("验证码"),
            widget=_captcha_widget(),
            error_messages={
                "invalid": _("验证码不正确，请重新输入。"),
                "required": _("请输入验证码。"),
            },
        )

    def clean(self):
        if "captcha" in self.fields and "captcha" in self.errors:
            # No password is checked (nor counted as failed) without the captcha.
            return self.cleaned_data
        return super().clean()

    @property
    def has_captcha(self) -> bool:
        return "captcha" in self.fields


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("当前密码"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "至少8位，包含大写字母、小写字母、数字、符号中的至少3类，不含用户名，"
            "不能是常见密码或最近5次用过的密码。"
        ),
    )
    new_password2 = forms.CharField(
        label=_("确认新密码"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("当前密码不正确。"))
        return value

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("new_password1"), cleaned.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("new_password1", exc)
        return cleaned


class OtpTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("动态口令"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("请输入6位数字动态口令。")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "form-control",
                "autofocus": True,
            }
        ),
    )


def generate_temporary_password(length: int = 12) -> str:
    """A random password with all four character classes."""
    pools = [string.ascii_lowercase, string.ascii_uppercase, string.digits, "!@#$%^&*-_=+"]
    chars = [secrets.choice(pool) for pool in pools]
    alphabet = "".join(pools)
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.code} {obj.name}（{obj.get_level_display()}）"


class UserForm(forms.Form):
    """Create or edit a user. The choices of roles and regions follow what the actor may grant."""

    username = forms.RegexField(
        label=_("用户名"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.@-]+$",
        error_messages={"invalid": _("用户名只能包含字母、数字和 _ . @ -")},
    )
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    phone = forms.RegexField(
        label=_("手机号"),
        regex=r"^1[3-9]\d{9}$",
        required=False,
        error_messages={"invalid": _("请输入11位手机号码。")},
    )
    region = RegionChoiceField(label=_("所属区划"), queryset=Region.objects.none())
    roles = forms.MultipleChoiceField(
        label=_("角色"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("留空则自动生成随机密码。用户首次登录时须修改。"),
    )

    def __init__(
        self, *args, actor: User, grantable: frozenset[str], instance: User | None = None, **kwargs
    ):
        self.instance = instance
        super().__init__(*args, **kwargs)
        regions = Region.objects.visible_to(actor).filter(level__lte=RegionLevel.TOWN)
        region_field = self.fields["region"]
        if not isinstance(region_field, forms.ModelChoiceField):
            raise TypeError(type(region_field))
        region_field.queryset = regions
        roles_field = self.fields["roles"]
        if not isinstance(roles_field, forms.MultipleChoiceField):
            raise TypeError(type(roles_field))
        roles_field.choices = [(r.value, r.label) for r in Role if r.value in grantable]
        if instance is not None:
            self.fields["username"].disabled = True
            del self.fields["password"]
        for name, field in self.fields.items():
            if name != "roles":
                field.widget.attrs.setdefault("class", "form-control")
        self.fields["region"].widget.attrs["class"] = "form-select"

    def clean_password(self):
        value = self.cleaned_data.get("password")
        if value:
            candidate = User(username=self.data.get("username", ""))
            password_validation.validate_password(value, candidate)
        return value


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    role = forms.ChoiceField(
        label=_("角色"), required=False, choices=[("", _("全部角色")), *Role.choices]
    )
    active = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), ("1", _("启用")), ("0", _("停用"))],
    )
