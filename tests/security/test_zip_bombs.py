"""Zip bombs sent as Office files: crafted here byte by byte (members that lie about their size, bzip2 and
LZMA members, too many parts) and refused, with a clear message and without unpacking them, by the
curriculum upload and the trainee import alike."""

from __future__ import annotations

import bz2
import io
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from coordinator import safe_zip
from coordinator.curricula import uploads
from coordinator.curricula.models import Curriculum, CurriculumDocument, CurriculumVersion
from coordinator.extensions import db
from coordinator.trainees import importing as trainee_import
from coordinator.trainees.models import Trainee
from tests import factories

BOMB_SIZE = 16 * 1024 * 1024  # what each bomb really unpacks to: far above the memory the checks may use
MEMORY_CEILING = 2 * 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"


def craft(members) -> bytes:
    """A zip archive written by hand: (name, method, compressed bytes, declared size, declared CRC) each."""
    body, central = bytearray(), bytearray()
    for name, method, raw, size, crc in members:
        encoded = name.encode()
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(raw), size,
                            len(encoded), 0) + encoded + raw
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(raw), size,
                               len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(body), 0)
    return bytes(body + central + end)


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def honest(name: str, data: bytes):
    return name, zipfile.ZIP_DEFLATED, deflated(data), len(data), zlib.crc32(data)


def lying(name: str, method: int, raw: bytes, payload: bytes):
    """A member declaring 16 bytes (with the checksum of its first 16) that unpacks to the whole payload."""
    return name, method, raw, 16, zlib.crc32(payload[:16])


def lzma_packed(data: bytes) -> bytes:
    packer = zipfile.LZMACompressor()  # the zip flavour of LZMA: a small header, then the raw stream
    return packer.compress(data) + packer.flush()


def workbook(*members) -> bytes:
    return craft([honest("[Content_Types].xml", b"<Types/>"), honest("xl/workbook.xml", b"<workbook/>"),
                  *members])


PAYLOAD = b"\x00" * BOMB_SIZE
BOMBS = {
    "bzip2 declaring 16 bytes": lambda: workbook(lying(SHEET, zipfile.ZIP_BZIP2, bz2.compress(PAYLOAD), PAYLOAD)),
    "lzma declaring 16 bytes": lambda: workbook(lying(SHEET, zipfile.ZIP_LZMA, lzma_packed(PAYLOAD), PAYLOAD)),
    "lzma, honest sizes": lambda: workbook((SHEET, zipfile.ZIP_LZMA, lzma_packed(b"<sheet/>"), 8,
                                            zlib.crc32(b"<sheet/>"))),
    "deflate declaring 16 bytes": lambda: workbook(lying(SHEET, zipfile.ZIP_DEFLATED, deflated(PAYLOAD), PAYLOAD)),
    "deflate, honest sizes": lambda: workbook(honest(SHEET, PAYLOAD)),
}
COMPRESSION = "packed with a compression that Office and OpenDocument files never use"
REFUSALS = {
    "bzip2 declaring 16 bytes": COMPRESSION,
    "lzma declaring 16 bytes": COMPRESSION,
    "lzma, honest sizes": COMPRESSION,
    "deflate declaring 16 bytes": "damaged",
    "deflate, honest sizes": "unpacks to more than 1 MB",
}


@pytest.fixture(scope="module")
def bombs():
    return {name: build() for name, build in BOMBS.items()}


def peak_memory(call) -> int:
    """The most memory Python held at once while `call` ran, beyond what it held before."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        call()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


# The shared check ------------------------------------------------------------------------------------------


LIMITS = safe_zip.ZipLimits(max_unpacked=1024 * 1024, max_members=50)


@pytest.mark.parametrize("name", list(BOMBS))
def test_every_bomb_is_refused_without_unpacking_it(bombs, name):
    data = bombs[name]
    assert len(data) < 70 * 1024  # small files: the danger is what they unpack to

    def check():
        with pytest.raises(safe_zip.ZipRefused) as refused:
            safe_zip.check_zip(data, LIMITS)
        assert REFUSALS[name] in str(refused.value.message)

    assert peak_memory(check) < MEMORY_CEILING


def test_a_real_workbook_and_a_stored_member_pass():
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    assert "xl/workbook.xml" in {e.filename for e in safe_zip.check_zip(out.getvalue(), LIMITS)}
    stored = craft([("mimetype", zipfile.ZIP_STORED, b"abc", 3, zlib.crc32(b"abc"))])
    assert [e.filename for e in safe_zip.check_zip(stored, LIMITS)] == ["mimetype"]


@pytest.mark.parametrize("member", [
    ("a", zipfile.ZIP_STORED, b"abcd", 3, zlib.crc32(b"abc")),            # stored, sizes differ
    ("a", zipfile.ZIP_STORED, b"abc", 3, 12345),                            # checksum wrong
    ("a", zipfile.ZIP_DEFLATED, deflated(b"abcdef")[:-2], 6, zlib.crc32(b"abcdef")),  # stream cut short
    ("a", zipfile.ZIP_DEFLATED, b"\xff" * 40, 6, 0),                        # not a deflate stream
], ids=["stored-size", "crc", "truncated", "garbage"])
def test_members_that_lie_or_are_damaged_are_refused_as_damaged(member):
    with pytest.raises(safe_zip.ZipDamaged):
        safe_zip.check_zip(craft([member]), LIMITS)


def test_too_many_members_are_refused_before_they_are_read():
    many = craft([honest(f"part{i}.xml", b"<x/>") for i in range(LIMITS.max_members + 1)])
    with pytest.raises(safe_zip.ZipRefused, match="too many parts"):
        safe_zip.check_zip(many, LIMITS)
    assert len(safe_zip.check_zip(many, safe_zip.ZipLimits(1024 * 1024, LIMITS.max_members + 1))) == 51


def test_an_encrypted_member_is_refused():
    name, method, raw, size, crc = honest("a", b"abc")
    data = bytearray(craft([(name, method, raw, size, crc)]))
    # Set the "encrypted" flag in the local header and in the central directory.
    data[6] |= 1
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 1
    with pytest.raises(safe_zip.ZipDamaged, match="password"):
        safe_zip.check_zip(bytes(data), LIMITS)


# The curriculum documents -------------------------------------------------------------------------------


@pytest.fixture
def small_caps(app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_UNPACKED_MB", 1)
    monkeypatch.setattr(trainee_import, "MAX_UNPACKED", 1024 * 1024)


@pytest.fixture
def version_id(app, sides):
    with app.app_context():
        curriculum = Curriculum(name_fa="فرآوری خرما", name_ar="تصنيع التمور", description="",
                                skill_standard_id=factories.make_standard("7514-02"), side_id=sides["KHZ"].id)
        db.session.add(curriculum)
        db.session.flush()
        version = CurriculumVersion(curriculum_id=curriculum.id, number=1, language="fa", change_note="")
        db.session.add(version)
        db.session.commit()
        return version.id


def post_file(client, url, data: bytes, name: str):
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=name)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("name", list(BOMBS))
def test_curriculum_upload_refuses_each_bomb_with_a_message_and_stores_nothing(app, client, login, users,
                                                                              version_id, small_caps, bombs,
                                                                              name):
    login("liaison.khz")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    folder = Path(app.config["UPLOAD_FOLDER"])

    def stored_files():  # the app's upload folder is shared by the tests of one process: compare, not count
        return set(folder.iterdir()) if folder.exists() else set()

    before = stored_files()
    response = post_file(client, f"/curricula/versions/{version_id}/documents", bombs[name], "plan.xlsx")
    assert response.status_code == 400
    expected = REFUSALS[name] if name != "deflate declaring 16 bytes" else "or the file is damaged"
    assert expected in response.text
    assert count(app, CurriculumDocument) == 0
    assert stored_files() == before


def test_curriculum_check_refuses_a_bomb_within_bounded_memory(app_ctx, small_caps, bombs):
    def check():
        with pytest.raises(uploads.UploadRefused, match="compression"):
            uploads.check_upload("plan.xlsx", bombs["bzip2 declaring 16 bytes"])

    assert peak_memory(check) < MEMORY_CEILING


def test_curriculum_upload_refuses_too_many_parts(app, client, login, users, version_id, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 5)
    login("liaison.khz")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = workbook(*(honest(f"xl/part{i}.xml", b"<x/>") for i in range(4)))
    response = post_file(client, f"/curricula/versions/{version_id}/documents", data, "plan.xlsx")
    assert response.status_code == 400 and "too many parts" in response.text
    assert count(app, CurriculumDocument) == 0


def test_a_persian_reader_gets_the_refusal_in_persian(app, client, login, users, version_id, small_caps, bombs):
    login("liaison.khz")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fa"
    response = post_file(client, f"/curricula/versions/{version_id}/documents",
                         bombs["bzip2 declaring 16 bytes"], "plan.xlsx")
    assert response.status_code == 400
    assert COMPRESSION not in response.text and "فشرده" in response.text


# The trainee import -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(BOMBS))
def test_trainee_import_refuses_each_bomb_with_a_message_and_imports_nothing(app, client, login, users,
                                                                             small_caps, bombs, name):
    login("liaison.khz")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = post_file(client, "/trainees/import", bombs[name], "trainees.xlsx")
    assert response.status_code == 400
    expected = REFUSALS[name] if name != "deflate declaring 16 bytes" else "workbook could not be read"
    assert expected in response.text
    assert 'name="token"' not in response.text and count(app, Trainee) == 0
    assert not list(Path(app.config["IMPORT_FOLDER"]).glob("*.json"))


def test_trainee_import_refuses_a_bomb_within_bounded_memory(app_ctx, small_caps, bombs):
    def check():
        with pytest.raises(trainee_import.ImportRefused, match="compression"):
            trainee_import.read_table("trainees.xlsx", bombs["bzip2 declaring 16 bytes"])

    assert peak_memory(check) < MEMORY_CEILING


def test_trainee_import_refuses_too_many_parts(app_ctx, monkeypatch):
    monkeypatch.setattr(trainee_import, "MAX_PARTS", 5)
    data = workbook(*(honest(f"xl/part{i}.xml", b"<x/>") for i in range(4)))
    with pytest.raises(trainee_import.ImportRefused) as refused:
        trainee_import.read_table("trainees.xlsx", data)
    assert "too many parts" in str(refused.value.message)
