"""Curriculum uploads: the type is judged by content, names are cleaned, sizes and archives capped."""

from __future__ import annotations

import io
import os
import stat
import zipfile

import pytest

from coordinator.curricula import uploads
from coordinator.curricula.uploads import UploadRefused, UploadTooLarge, check_upload, clean_filename


def zipped(entries, first=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1])  # stored, uncompressed, first
        for name, body in entries:
            archive.writestr(name, body)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
GIF = b"GIF89a" + b"\x01\x00\x01\x00" + b"\x00" * 20
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20
DOCX = zipped([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
XLSX = zipped([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")])
ODT = zipped([("content.xml", "<office:document-content/>")],
             first=("mimetype", "application/vnd.oasis.opendocument.text"))
EXE = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode"


@pytest.fixture
def upload_app(app_ctx, tmp_path, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    monkeypatch.setitem(app_ctx.config, "UPLOAD_MAX_MB", 1)
    return app_ctx


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("plan.pdf", PDF, "pdf"), ("plan.docx", DOCX, "docx"), ("plan.xlsx", XLSX, "xlsx"), ("plan.odt", ODT, "odt"),
    ("photo.png", PNG, "png"), ("photo.jpg", JPEG, "jpeg"), ("photo.JPEG", JPEG, "jpeg"), ("a.gif", GIF, "gif"),
    ("a.webp", WEBP, "webp"),
])
def test_every_allowed_type_is_recognised_by_content(upload_app, name, data, kind):
    checked = check_upload(name, data)
    assert checked.kind == kind
    assert checked.content_type == uploads.KINDS[kind][0]
    assert checked.size == len(data) and len(checked.sha256) == 64


@pytest.mark.parametrize(("name", "data"), [
    ("image.pdf", PNG),                                      # a PNG named .pdf
    ("archive.docx", zipped([("readme.txt", "hello")])),     # a plain zip renamed .docx
    ("sheet.docx", XLSX),                                    # a workbook called a document
    ("plan.odt", zipped([("content.xml", "x")], first=("mimetype", "application/vnd.oasis.opendocument.spreadsheet"))),
    ("setup.pdf", EXE),                                      # a program named .pdf
    ("plan.pdf", b"%PDF"),                                   # a truncated signature
    ("broken.docx", DOCX[:40]),                              # a damaged archive
], ids=lambda value: value if isinstance(value, str) else "")  # zip bytes hold a timestamp: ids by name
def test_content_that_lies_about_its_type_is_refused(upload_app, name, data):
    with pytest.raises(UploadRefused) as refused:
        check_upload(name, data)
    assert refused.value.field == "file" and refused.value.status == 400


@pytest.mark.parametrize("name", ["setup.exe", "script.js", "page.html", "plan", "plan.pdf.exe"])
def test_extensions_outside_the_list_are_refused(upload_app, name):
    with pytest.raises(UploadRefused, match="cannot be uploaded"):
        check_upload(name, EXE if name.endswith(".exe") else PDF)


@pytest.mark.parametrize(("raw", "clean"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\x\\y.pdf", "y.pdf"),
    ("/srv/docs/../plan.pdf", "plan.pdf"),
    ("برنامه درسی.pdf", "برنامه درسی.pdf"),
    ("برنامه‌ی درسی.pdf", "برنامه‌ی درسی.pdf"),                 # ZWNJ is part of the word and stays
    ("\u202eevil\u202c.pdf", "evil.pdf"),                        # a right-to-left override is dropped
    ("pl\x00an\r\n.pdf", "plan.pdf"),
    ("  spaced   name .pdf ", "spaced name .pdf"),
    ("ي\u0654.pdf", "\u0626.pdf"),                               # NFC: yeh + hamza above → one letter
    ("a:b?.pdf", "a_b_.pdf"),
])
def test_names_keep_only_a_clean_base_name(raw, clean):
    assert clean_filename(raw) == clean


@pytest.mark.parametrize("raw", ["", None, "../", "..", ".", "\u200f\u202e", "C:\\temp\\"])
def test_names_with_nothing_left_are_refused(upload_app, raw):
    assert clean_filename(raw) == ""
    with pytest.raises(UploadRefused, match="no usable name"):
        check_upload(raw, PDF)


def test_long_names_are_shortened_keeping_the_extension():
    name = clean_filename("ب" * 500 + ".docx")
    assert len(name) == uploads.MAX_NAME and name.endswith(".docx")


def test_path_traversal_name_is_kept_only_as_a_label(upload_app):
    checked = check_upload("../../etc/passwd.pdf", PDF)
    assert checked.original_name == "passwd.pdf"


def test_too_large_is_refused_with_413(upload_app):
    with pytest.raises(UploadTooLarge) as refused:
        check_upload("big.pdf", PDF + b"0" * (1024 * 1024))
    assert refused.value.status == 413


def test_empty_file_is_refused(upload_app):
    with pytest.raises(UploadRefused, match="empty"):
        check_upload("plan.pdf", b"")


def test_zip_bomb_is_refused(upload_app, monkeypatch):
    monkeypatch.setitem(upload_app.config, "UPLOAD_MAX_UNPACKED_MB", 1)
    bomb = zipped([("[Content_Types].xml", "<Types/>"), ("word/document.xml", b"\x00" * (3 * 1024 * 1024))])
    assert len(bomb) < 64 * 1024
    with pytest.raises(UploadRefused, match="unpacks"):
        check_upload("bomb.docx", bomb)


def test_archive_with_too_many_parts_is_refused(upload_app, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 5)
    many = zipped([("[Content_Types].xml", "x"), ("word/document.xml", "x")] + [(f"p{i}", "x") for i in range(6)])
    with pytest.raises(UploadRefused, match="too many parts"):
        check_upload("many.docx", many)


def test_store_writes_atomically_under_a_random_private_name(upload_app):
    name = uploads.store(PDF, ".pdf")
    path = uploads.path_of(name)
    assert path.read_bytes() == PDF and name.endswith(".pdf")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [name]  # no temporary file left behind
    assert uploads.store(PDF, ".pdf") != name
    uploads.remove(name)
    assert not path.exists()


@pytest.mark.parametrize("bad", ["../secret.pdf", "/etc/passwd", "a/b.pdf", "", "short.pdf"])
def test_path_of_refuses_names_it_did_not_generate(upload_app, bad):
    assert uploads.path_of(bad) is None
