"""DRF's CharField turns a number or a boolean into text ("note": 0 becomes "0"), so the API took
what its schema says is wrong. Every serializer text field of ours refuses anything but a string
(issue #11: schemathesis' negative-data check)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

_original = serializers.CharField.to_internal_value


def _strict(self: serializers.CharField, data: Any) -> str:
    if not isinstance(data, str):
        self.fail("invalid")
    return _original(self, data)


_original_many = serializers.ManyRelatedField.to_internal_value


def _strict_many(self: serializers.ManyRelatedField, data: Any) -> Any:
    """A list of ids must be a list: DRF iterated an object's keys and took {} for []."""
    if isinstance(data, Mapping):
        self.fail("not_a_list", input_type=type(data).__name__)
    return _original_many(self, data)


def make_char_fields_strict() -> None:
    if serializers.CharField.to_internal_value is not _strict:
        serializers.CharField.to_internal_value = _strict  # type: ignore[method-assign]
    if serializers.ManyRelatedField.to_internal_value is not _strict_many:
        serializers.ManyRelatedField.to_internal_value = _strict_many  # type: ignore[method-assign]
