"""The shared attachment component (issue #14): any record registers once, then every page
shows ``{% attachments obj %}`` — the list, scoped downloads and, for those who may, the upload
form. A file is judged by its bytes, not its name: the first bytes must be a PDF, an image, an
Office document (.docx/.xlsx, or the legacy .doc/.xls) whose extension agrees; then the size
limit; then the scanner hook (core.uploads, e.g. ClamAV) before anything is stored."""

from __future__ import annotations

import hashlib
import io
import os
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
NAME_MAX = 200


@dataclass(frozen=True)
class Attachable:
    kinds: tuple[tuple[str, Any], ...]  # (key, label)
    write_roles: frozenset[str]
    images: frozenset[str] = frozenset()  # kinds that take photos only (JPG/PNG)


ATTACHABLE: dict[type, Attachable] = {}


def register(
    model: type,
    *,
    kinds: tuple[tuple[str, Any], ...],
    write_roles: frozenset[str],
    images: tuple[str, ...] = (),
):
    """Let ``model``'s records carry attachments of ``kinds``; ``write_roles`` may add and
    remove them (on records they may see); the ``images`` kinds take only photos."""
    ATTACHABLE[model] = Attachable(
        kinds=kinds, write_roles=frozenset(write_roles), images=frozenset(images)
    )


# --- judging a file by its bytes -------------------------------------------------------------

EXTENSIONS = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpg", "jpeg"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "ole": {"doc", "xls"},
}


def sniff(head: bytes, data: bytes | None = None) -> str | None:
    """The file's real type from its first bytes (and, for a zip, its parts)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04") and data is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, ValueError):
            return None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    return None


def check(upload: Any) -> tuple[bytes, str]:
    """The upload's bytes and type, or ValidationError in Chinese saying what is wrong."""
    from .uploads import UploadRefused, scan

    name = os.path.basename(str(getattr(upload, "name", "") or ""))[:NAME_MAX]
    if not name:
        raise ValidationError(_("请选择要上传的文件。"))
    size = getattr(upload, "size", None) or 0
    if size > MAX_BYTES:
        raise ValidationError(
            _("文件“%(n)s”有%(s).1fMB，超过20MB的上限。") % {"n": name, "s": size / 1048576}
        )
    if size == 0:
        raise ValidationError(_("文件“%(n)s”是空文件。") % {"n": name})
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("文件“%(n)s”超过20MB的上限。") % {"n": name})
    kind = sniff(data[:16], data)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None:
        raise ValidationError(
            _("文件“%(n)s”不是PDF、图片（JPG/PNG）、Word 或 Excel 文件，不能上传。") % {"n": name}
        )
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("文件“%(n)s”的内容与扩展名“.%(e)s”不符，请检查后重新上传。")
            % {"n": name, "e": extension or "（无）"}
        )
    try:
        scan(data, name)
    except UploadRefused as exc:
        raise ValidationError(str(exc)) from exc
    return data, kind


MAX_PIXELS = 50_000_000  # a 50-megapixel photo; more is refused before it is decoded


def check_image(upload: Any) -> tuple[bytes, str]:
    """A photo: a JPG or PNG by its bytes (``check``), whose header Pillow reads within the
    pixel limit and whose data verifies; else ValidationError naming the file."""
    from PIL import Image

    name = os.path.basename(str(getattr(upload, "name", "") or ""))[:NAME_MAX]
    head = upload.read(16)
    upload.seek(0)
    if head and sniff(head) not in ("jpg", "png"):  # what it is, before what it is called
        raise ValidationError(_("照片“%(n)s”不是图片（JPG/PNG），不能上传。") % {"n": name})
    data, kind = check(upload)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _("照片“%(n)s”有%(w)d×%(h)d像素，超过5000万像素的上限。")
                        % {"n": name, "w": width, "h": height}
                    )
                image.verify()
    except ValidationError:
        raise
    except Exception as exc:
        # any decoder error (a truncated or forged file) means the photo cannot be used
        raise ValidationError(
            _("照片“%(n)s”已损坏或不是有效的图片，不能上传。") % {"n": name}
        ) from exc
    upload.seek(0)
    return data, kind


# --- who may ------------------------------------------------------------------------------


def _visible(user: Any, obj: Any) -> bool:
    return bool(type(obj).objects.visible_to(user).filter(pk=obj.pk).exists())


def can_write(user: Any, obj: Any) -> bool:
    from .scoping import user_roles

    spec = ATTACHABLE.get(type(obj))
    return bool(spec and user_roles(user) & spec.write_roles and _visible(user, obj))


# --- services -----------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, actor: Any, obj: Any, upload: Any, kind: str) -> Any:
    """Store ``upload`` on ``obj`` (audited: the attachment row names its uploader)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from .models import Attachment

    spec = ATTACHABLE.get(type(obj))
    if spec is None:
        raise ValidationError(_("该记录不能添加附件。"))
    if not can_write(actor, obj):
        raise PermissionDenied(_("无权为该记录添加附件。"))
    if kind not in dict(spec.kinds):
        raise ValidationError(_("附件类别“%(k)s”无效。") % {"k": kind})
    data, file_type = check_image(upload) if kind in spec.images else check(upload)
    name = os.path.basename(str(upload.name))[:NAME_MAX]
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        kind=kind,
        name=name,
        size=len(data),
        file_type=file_type,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    # Stored under a neutral name: the user's file name is only ever shown, never a path.
    attachment.file.save(f"{attachment.sha256[:16]}.{file_type}", ContentFile(data), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Any, attachment: Any) -> None:
    obj = attachment_owner(attachment)
    if obj is None or not can_write(actor, obj):
        raise PermissionDenied(_("无权删除该附件。"))
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def attachment_owner(attachment: Any) -> Any:
    model = attachment.content_type.model_class()
    return model._default_manager.filter(pk=attachment.object_id).first() if model else None


# --- reading ------------------------------------------------------------------------------


def attachments_of(user: Any, obj: Any) -> Any:
    from django.contrib.contenttypes.models import ContentType

    from .models import Attachment

    if type(obj) not in ATTACHABLE or not _visible(user, obj):
        return Attachment.objects.none()
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("uploaded_by")


def kind_labels(obj: Any) -> dict[str, Any]:
    spec = ATTACHABLE.get(type(obj))
    return dict(spec.kinds) if spec else {}
