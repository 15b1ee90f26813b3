"""The upload scanning hook: every uploaded file passes ``UPLOAD_SCANNER`` before any parser
sees it (issue #11; docs/deployment.md). None by default; ``clamdscan`` below uses ClamAV's
daemon when the bureau runs one. A scanner gets the bytes and the user's file name and returns
None when clean, or a short reason (Chinese) when the file must be refused."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

Scanner = Callable[[bytes, str], "str | None"]


class UploadRefused(Exception):
    """The scanner refused the file; the message says why, in Chinese."""


def scan(data: bytes, file_name: str = "") -> None:
    path = getattr(settings, "UPLOAD_SCANNER", "") or ""
    if not path:
        return
    scanner: Scanner = import_string(path)
    try:
        reason = scanner(data, file_name)
    except Exception as exc:  # a scanner that fails refuses: fail closed
        raise UploadRefused(
            _("文件安全扫描未能完成，已拒绝上传。请稍后重试或联系管理员。")
        ) from exc
    if reason:
        raise UploadRefused(_("文件未通过安全扫描：%(r)s") % {"r": reason})


def clamdscan(data: bytes, file_name: str = "") -> str | None:
    """ClamAV through clamd (Debian: clamav-daemon); exit 1 means a finding."""
    result = subprocess.run(
        ["clamdscan", "--no-summary", "--stream", "-"],  # noqa: S607 - ClamAV from PATH
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
    )
    if result.returncode == 0:
        return None
    if result.returncode == 1:
        found = result.stdout.decode("utf-8", "replace").strip().rsplit(":", 1)[-1].strip()
        return found or _("发现可疑内容")
    raise RuntimeError(result.stderr.decode("utf-8", "replace")[:200])
