"""Curriculum documents on disk: type judged by content, size capped, stored under generated names outside
static/ and written atomically."""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from flask import abort, current_app, send_file
from flask_babel import lazy_gettext as _l

from ..errors import DomainError
from ..l10n.digits import Shown
from ..safe_zip import ZipDamaged, ZipLimits, ZipRefused, check_zip

# kind → (MIME type, what readers call it)
KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"),
    "odt": ("application/vnd.oasis.opendocument.text", "OpenDocument (ODT)"),
    "png": ("image/png", "PNG"),
    "jpeg": ("image/jpeg", "JPEG"),
    "gif": ("image/gif", "GIF"),
    "webp": ("image/webp", "WebP"),
}
EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".odt": "odt", ".png": "png", ".jpg": "jpeg",
              ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_NAME = 200
MAX_ZIP_ENTRIES = 5000
# Unicode categories never kept in a file name: controls, format characters (bidi overrides, BOM ...),
# separators other than the space, private use and unassigned code points.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
_KEPT_FORMAT = {"\u200c", "\u200d"}  # ZWNJ and ZWJ: part of how Persian words are written
_WINDOWS_RESERVED = str.maketrans(dict.fromkeys(':*?"<>|', "_"))
_STORED_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}\.[a-z]{3,4}$")


class UploadRefused(DomainError):
    status = 400

    def __init__(self, message):
        super().__init__(message, field="file")


class UploadTooLarge(UploadRefused):
    status = 413


@dataclass(frozen=True)
class CheckedUpload:
    original_name: str
    kind: str
    extension: str
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(current_app.config.get("UPLOAD_MAX_MB", 10)) * 1024 * 1024


def max_unpacked_bytes() -> int:
    """What an Office or OpenDocument file may unpack to: far more than any real curriculum, far less than a bomb."""
    return int(current_app.config.get("UPLOAD_MAX_UNPACKED_MB", 200)) * 1024 * 1024


def too_large() -> UploadTooLarge:
    return UploadTooLarge(_l("The file is larger than %(size)s MB.",
                             size=Shown(int(current_app.config.get("UPLOAD_MAX_MB", 10)))))


def upload_folder() -> Path:
    folder = current_app.config.get("UPLOAD_FOLDER") or os.path.join(current_app.instance_path, "uploads")
    return Path(folder)


# Names ---------------------------------------------------------------------------------------------------


def clean_filename(name: str | None) -> str:
    """The base name as the person gave it, safe to store and show: no path, no control or bidi marks,
    NFC, at most MAX_NAME characters with the extension kept. Empty if nothing usable is left."""
    text = unicodedata.normalize("NFC", str(name or ""))
    # Browsers on Windows (and hand-made requests) may send a whole path, with either separator.
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text
                   if ch in _KEPT_FORMAT or unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    text = " ".join(text.translate(_WINDOWS_RESERVED).split())
    text = text.strip(" .")
    stem, ext = os.path.splitext(text)
    if not stem.strip(" ."):
        return ""
    if len(text) > MAX_NAME:
        ext = ext[:10]
        text = stem[: MAX_NAME - len(ext)].rstrip(" .") + ext
    return text


def same_name_key(name: str) -> str:
    """Two names a reader cannot tell apart (ي/ی, ك/ک, ZWNJ, case, digits) share this key."""
    from ..l10n.folding import fold

    return fold(name)


# Content -------------------------------------------------------------------------------------------------


def zip_limits() -> ZipLimits:
    return ZipLimits(max_unpacked=max_unpacked_bytes(), max_members=MAX_ZIP_ENTRIES)


def _zip_kind(data: bytes) -> str:
    """'docx', 'xlsx' or 'odt' once safe_zip has unpacked and checked every part; '' for other archives.
    Raises UploadRefused for a bomb, a compression documents never use, or too many parts."""
    try:
        entries = check_zip(data, zip_limits())
    except ZipDamaged:
        return ""  # damaged or encrypted: "not an allowed type, or damaged"
    except ZipRefused as exc:
        raise UploadRefused(exc.message) from None
    names = {e.filename for e in entries}
    if entries and entries[0].filename == "mimetype" and entries[0].file_size <= 100:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                # Bounded: check_zip has unpacked this part and found it as small as it declares.
                mimetype = archive.read(entries[0])
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
            return ""
        return "odt" if mimetype.strip() == ODT_MIMETYPE else ""
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    return ""


def detect_kind(data: bytes) -> str:
    """What the bytes are, whatever the file is called: a key of KINDS, or '' if not allowed."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return ""


def allowed_types_text() -> str:
    return ", ".join(label for _mime, label in KINDS.values())


def check_upload(filename: str | None, data: bytes) -> CheckedUpload:
    """Judge an upload; UploadRefused (UploadTooLarge) with a translatable message if it is refused."""
    if len(data) > max_bytes():
        raise too_large()
    name = clean_filename(filename)
    if not name:
        raise UploadRefused(_l("The file has no usable name. Rename it and upload it again."))
    if not data:
        raise UploadRefused(_l("The file is empty."))
    extension = os.path.splitext(name)[1].lower()
    expected = EXTENSIONS.get(extension)
    if expected is None:
        raise UploadRefused(_l("This kind of file cannot be uploaded. Allowed: %(types)s.",
                               types=allowed_types_text()))
    kind = detect_kind(data)
    if not kind:
        raise UploadRefused(_l("The file's content is not one of the allowed types (%(types)s), "
                               "or the file is damaged.", types=allowed_types_text()))
    if kind != expected:
        raise UploadRefused(_l("The file is named “%(name)s” but its content is %(kind)s. "
                               "Give it the right extension and upload it again.",
                               name=name, kind=KINDS[kind][1]))
    return CheckedUpload(original_name=name, kind=kind, extension=extension, content_type=KINDS[kind][0],
                         size=len(data), sha256=hashlib.sha256(data).hexdigest())


# Disk ----------------------------------------------------------------------------------------------------


def store(data: bytes, extension: str) -> str:
    """Write the bytes under a new random name (temp file, then an atomic rename); the name is returned."""
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = secrets.token_urlsafe(24) + extension
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".part")  # created 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, folder / stored_name)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return stored_name


def path_of(stored_name: str) -> Path | None:
    """The file for a stored name; None for anything that is not a name this module generated."""
    if not stored_name or not _STORED_RE.match(stored_name):
        return None
    return upload_folder() / stored_name


def remove(stored_name: str) -> None:
    path = path_of(stored_name)
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            current_app.logger.warning("Could not remove uploaded file %s", stored_name)


def send_document(document):
    """The stored file as a download under its original (Persian/Arabic) name; 404 when the file is missing.
    The caller has checked that the person may see the curriculum (a page or the API)."""
    path = path_of(document.stored_name)
    if path is None or not path.is_file():
        current_app.logger.error("Document %s has no file on disk (%s)", document.id, document.stored_name)
        abort(404)
    extension = "." + document.stored_name.rsplit(".", 1)[-1]
    response = send_file(path, mimetype=document.content_type, as_attachment=True,
                         download_name=f"document-{document.id}{extension}", max_age=0)
    # RFC 6266 / 5987: an ASCII name for old clients, the original (Persian/Arabic) name for the rest.
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"document-{document.id}{extension}\"; "
        f"filename*=UTF-8''{quote(document.original_name, safe='')}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
