from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """50 a page; ``page_size`` 1-500. A page size that is not such a number is a 400 naming
    it, not silently the default (issue #11: what the schema refuses, the API refuses)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        text = raw[-1].strip()
        if len(raw) > 1 or not text.isdigit() or not 1 <= int(text) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"每页条数应为 1 到 {self.max_page_size} 的整数。"]}
            )
        return int(text)

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        raw = request.query_params.getlist(self.page_query_param)
        if not raw:
            return 1
        text = raw[-1].strip()
        if len(raw) > 1 or not ((text.isdigit() and 0 < len(text) <= 9) or text == "last"):
            raise ValidationError({self.page_query_param: ["页码应为正整数。"]})
        return text
