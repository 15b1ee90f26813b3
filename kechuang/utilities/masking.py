"""Masking of personal data for display (security.md: phone 138****5678)."""

from __future__ import annotations


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = value.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_email(value: str | None) -> str:
    if not value or "@" not in value:
        return value or ""
    local, _, domain = value.partition("@")
    if len(local) <= 1:
        return "*@" + domain
    return local[0] + "*" * (len(local) - 1) + "@" + domain


def mask_for_audit(value: str | None) -> str:
    """auditlog's mask for personal fields: phone-style masking; an empty value stays empty."""
    if value in (None, "", "None"):
        return ""
    if "@" in str(value):
        return mask_email(str(value))
    return mask_phone(str(value))
