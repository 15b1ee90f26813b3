"""The access policy: every named URL is classified here, and one middleware enforces it.

Each app lists its URLs in ``<app>/access.py`` as ``POLICY = {"app:url_name": Rule(...)}``.
A URL that no policy names is refused (403) and fails the URL-walker test, so a new page cannot
ship unclassified. Object-level scoping is the selectors' job (``visible_to``); this table decides
which *roles* may reach a URL and with which methods.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse

from .scoping import user_roles

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

ALL_ROLES = frozenset(
    {"bureau_admin", "security_admin", "auditor", "staff", "leader", "enterprise", "commissioner"}
)
BUSINESS_READ = frozenset({"staff", "leader"})
BUSINESS_WRITE = frozenset({"staff"})
ENTERPRISE = frozenset({"enterprise"})
OWN_READ = BUSINESS_READ | ENTERPRISE  # the bureau, and an enterprise on its own records
OWN_WRITE = BUSINESS_WRITE | ENTERPRISE
USER_ADMINS = frozenset({"bureau_admin", "security_admin"})
AUDITORS = frozenset({"auditor"})


@dataclass(frozen=True)
class Rule:
    """Who may use a URL.

    ``public``: anyone, signed in or not. Otherwise ``read`` roles may use safe methods and
    ``write`` roles may use the others. ``any_user``: every signed-in user, whatever the role.
    ``account_setup``: reachable while the account still has to change its password or pass OTP.
    """

    public: bool = False
    any_user: bool = False
    read: frozenset[str] = field(default_factory=frozenset)
    write: frozenset[str] = field(default_factory=frozenset)
    account_setup: bool = False

    def allows(self, roles: frozenset[str], method: str) -> bool:
        if self.public or self.any_user:
            return True
        if method in SAFE_METHODS:
            return bool(roles & (self.read | self.write))
        return bool(roles & self.write)


PUBLIC = Rule(public=True)
ANY_USER = Rule(any_user=True)


def read_only(roles: frozenset[str]) -> Rule:
    return Rule(read=roles)


def read_write(read: frozenset[str], write: frozenset[str]) -> Rule:
    return Rule(read=read, write=write)


# URLs of third-party apps, classified here.
CORE_POLICY: dict[str, Rule] = {
    "core:home": ANY_USER,
    "core:healthz": PUBLIC,
    "core:job_detail": ANY_USER,
    "core:notification_list": ANY_USER,
    "core:list_columns": ANY_USER,
    "core:delivery_detail": read_only(BUSINESS_READ),
    # Attachments: the record's own scope and the attachable's write roles decide (core.attachments)
    "core:attachment_add": ANY_USER,
    "core:attachment_download": ANY_USER,
    "core:attachment_delete": ANY_USER,  # a user's own display setting of a list they can open
    "schema": ANY_USER,
    "swagger-ui": ANY_USER,
    "javascript-catalog": PUBLIC,
    # django-simple-captcha: the sign-in form's image, audio and refresh (kechuang.accounts)
    "captcha-image": PUBLIC,
    "captcha-image-2x": PUBLIC,
    "captcha-audio": PUBLIC,
    "captcha-refresh": PUBLIC,
}
# Whole namespaces classified at once: the admin fences itself (OTP + management networks).
NAMESPACE_POLICY: dict[str, Rule] = {"admin": PUBLIC}


@cache
def url_policy() -> dict[str, Rule]:
    policy = dict(CORE_POLICY)
    for config in apps.get_app_configs():
        if not config.name.startswith("kechuang.") or config.name == "kechuang.core":
            continue  # core's own URLs are in CORE_POLICY above
        try:
            module = importlib.import_module(f"{config.name}.access")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.access":
                raise
            continue
        for name, rule in module.POLICY.items():
            if name in policy:
                raise ValueError(f"URL {name} classified twice")
            policy[name] = rule
    return policy


def rule_for(view_name: str | None) -> Rule | None:
    if not view_name:
        return None
    policy = url_policy()
    if view_name in policy:
        return policy[view_name]
    namespace = view_name.split(":", 1)[0] if ":" in view_name else None
    if namespace and namespace in NAMESPACE_POLICY:
        return NAMESPACE_POLICY[namespace]
    return None


def is_api(request) -> bool:
    return request.path.startswith("/api/")


class AccessPolicyMiddleware:
    """Enforce :func:`url_policy` on every resolved view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        rule = rule_for(match.view_name if match else None)
        if rule is None:
            # Unclassified URL: refuse, whoever asks (the walker test names it).
            raise PermissionDenied("unclassified URL")
        if rule.public:
            return None
        if is_api(request):
            # DRF authenticates API requests itself (token or session); its permission class
            # applies the same rule (core.api.permissions.AccessPolicyPermission).
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not rule.allows(user_roles(request.user), request.method):
            raise PermissionDenied("role not allowed")
        return None


def api_denied(message: str, status: int = 403) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": "forbidden", "message": message, "fields": {}}}, status=status
    )
