from __future__ import annotations

from rest_framework.permissions import BasePermission

from ..access import rule_for
from ..scoping import user_roles


class AccessPolicyPermission(BasePermission):
    """The API's half of the access policy: the same table as the pages (core.access)."""

    message = "您无权执行此操作。"

    def has_permission(self, request, view) -> bool:
        match = request._request.resolver_match
        rule = rule_for(match.view_name if match else None)
        if rule is None:
            return False
        if rule.public:
            return True
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if getattr(user, "must_change_password", False):
            self.message = "请先登录网页修改初始密码。"
            return False
        return rule.allows(user_roles(user), request.method)
