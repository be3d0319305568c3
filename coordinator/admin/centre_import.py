"""Centres and private institutes in bulk from CSV or Excel: headers in Persian, Arabic or English, every
row judged before anything is saved, nothing saved while one row is wrong.

The file is read by the trainee import's readers (same size, zip-bomb and encoding checks); the checked
cells travel back with the confirmation and are judged again there, so nothing is trusted from the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..catalog import services as catalog_services
from ..catalog.models import ACCREDITATION, CENTRE_KINDS, Centre, Side
from ..extensions import db
from ..l10n.digits import InputError, Shown, strip_bidi
from ..l10n.folding import fold
from ..trainees.importing import (
    MAX_BYTES,
    ImportRefused,
    _csv_lines,
    _xlsx_lines,
    content_kind,
    parse_import_date,
    size_error,
)
from ..viewer import format_day, side_today

MAX_ROWS = 2000
# Column → the header words accepted for it (folded before comparing).
HEADERS = {
    "side": ("side", "طرف", "استان", "الجانب", "المحافظة"),
    "kind": ("kind", "نوع", "النوع"),
    "name_fa": ("name_fa", "نام فارسی", "نام", "الاسم بالفارسية"),
    "name_ar": ("name_ar", "نام عربی", "الاسم بالعربية", "الاسم"),
    "name_en": ("name_en", "نام انگلیسی", "الاسم بالإنجليزية"),
    "city_fa": ("city_fa", "شهر", "شهر فارسی", "المدينة بالفارسية"),
    "city_ar": ("city_ar", "شهر عربی", "المدينة", "المدينة بالعربية"),
    "address": ("address", "نشانی", "آدرس", "العنوان"),
    "phone": ("phone", "تلفن", "الهاتف"),
    "email": ("email", "e-mail", "ایمیل", "رایانامه", "البريد الإلكتروني"),
    "licence_number": ("licence_number", "license_number", "شماره مجوز", "رقم الترخيص"),
    "licence_valid_until": ("licence_valid_until", "license_valid_until", "اعتبار مجوز تا", "انقضای مجوز",
                            "الترخيص صالح حتى", "انتهاء الترخيص"),
    "accreditation": ("accreditation", "اعتبارسنجی", "وضعیت اعتبار", "الاعتماد"),
}
REQUIRED = ("side", "kind", "name_fa", "name_ar", "city_fa", "city_ar")
HEADER_KEYS = {fold(word).replace(" ", "_"): key for key, words in HEADERS.items() for word in words}
KIND_WORDS = {fold(word): code for code, words in {
    "government": ("government", "دولتی", "مرکز دولتی", "حكومي", "حكومية"),
    "private": ("private", "آزاد", "آموزشگاه آزاد", "خصوصی", "أهلي", "اهلي", "خاص"),
    "iraqi_vocational": ("iraqi_vocational", "مرکز حرفه‌ای عراق", "مهني", "مركز التدريب المهني"),
}.items() for word in words}
ACCREDITATION_WORDS = {fold(word): code for code, words in {
    "none": ("none", "ندارد", "بدون", "غير معتمد"),
    "provisional": ("provisional", "موقت", "مؤقت"),
    "accredited": ("accredited", "دارد", "معتبر", "معتمد"),
    "suspended": ("suspended", "تعلیق", "معلق", "معلّق"),
}.items() for word in words}


@dataclass
class Row:
    number: int
    cells: dict[str, str]
    values: dict = field(default_factory=dict)
    errors: list[tuple[str, object]] = field(default_factory=list)


def read_cells(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The data rows as (line number, {column: text}); ImportRefused for a file that cannot be used."""
    if len(data) > MAX_BYTES:
        raise size_error()
    kind = content_kind(data)
    extension = (filename or "").rsplit(".", 1)[-1].lower()
    if kind not in ("csv", "xlsx") or extension != kind:
        raise ImportRefused(_l("Upload a CSV file in UTF-8 (.csv) or an Excel workbook (.xlsx)."))
    lines = _xlsx_lines(data) if kind == "xlsx" else list(_csv_lines(data.decode("utf-8-sig")))
    header, rows = None, []
    for number, line in enumerate(lines, start=1):
        if not any(strip_bidi(cell) for cell in line):
            continue
        if header is None:
            header = [HEADER_KEYS.get(fold(cell).replace(" ", "_")) for cell in line]
            unknown = [cell for cell, key in zip(line, header, strict=True) if cell.strip() and key is None]
            missing = [key for key in REQUIRED if key not in header]
            if unknown or missing:
                raise ImportRefused(_l("The header row does not match: missing %(missing)s; not known %(unknown)s.",
                                       missing=", ".join(missing) or "—", unknown=", ".join(unknown) or "—"))
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportRefused(_l("A file may hold at most %(count)s centres.", count=Shown(MAX_ROWS)))
        rows.append((number, {key: (line[i].strip() if i < len(line) else "")
                              for i, key in enumerate(header) if key}))
    if not rows:
        raise ImportRefused(_l("The file has no centres below the header row."))
    return rows


def check(lines: list[tuple[int, dict[str, str]]]) -> list[Row]:
    """Every row judged: known side and kind, names, a private institute's licence valid today on its side,
    no centre already on record (same side and Persian name) nor twice in the file."""
    sides = {}
    for side in db.session.scalars(select(Side)):
        for word in (side.code, side.name_fa, side.name_ar, side.name_en or ""):
            if word:
                sides[fold(word)] = side
    existing = {(side_id, fold(name)) for side_id, name in db.session.execute(select(Centre.side_id, Centre.name_fa))}
    seen: set = set()
    rows = []
    for number, cells in lines:
        row = Row(number, {key: cells.get(key, "") for key in HEADERS})
        c = row.cells
        side = sides.get(fold(c["side"]))
        if side is None:
            row.errors.append(("side", _l("Unknown side “%(value)s”: write its code (KHZ, MSN) or its name.",
                                          value=c["side"])))
        kind = KIND_WORDS.get(fold(c["kind"]))
        if kind not in CENTRE_KINDS:
            row.errors.append(("kind", _l("Unknown kind of centre “%(value)s”: government, private or Iraqi "
                                          "vocational centre.", value=c["kind"])))
        for key in ("name_fa", "name_ar", "city_fa", "city_ar"):
            if not c[key]:
                row.errors.append((key, _l("This column may not be empty.")))
        accreditation = ACCREDITATION_WORDS.get(fold(c["accreditation"])) if c["accreditation"] else "none"
        if accreditation not in ACCREDITATION:
            row.errors.append(("accreditation", _l("Unknown accreditation status “%(value)s”.",
                                                   value=c["accreditation"])))
        valid_until = None
        if c["licence_valid_until"]:
            try:
                valid_until = parse_import_date(c["licence_valid_until"])
            except InputError as error:
                row.errors.append(("licence_valid_until", error.message))
        if kind == "private" and side is not None and not row.errors:
            today = side_today(side)
            if valid_until is None or not c["licence_number"]:
                row.errors.append(("licence_number", _l("A private institute needs its licence number and "
                                                        "validity.")))
            elif valid_until < today:
                row.errors.append(("licence_valid_until", _l("The licence expired on %(day)s.",
                                                             day=format_day(valid_until))))
        key = (side.id if side else None, fold(c["name_fa"]))
        if side is not None and c["name_fa"] and (key in existing or key in seen):
            row.errors.append(("name_fa", _l("A centre of this name is already on record for this side.")))
        seen.add(key)
        if not row.errors:
            row.values = {"side_id": side.id, "kind": kind, "name_fa": c["name_fa"][:200],
                          "name_ar": c["name_ar"][:200], "name_en": c["name_en"][:200],
                          "city_fa": c["city_fa"][:120], "city_ar": c["city_ar"][:120],
                          "address": c["address"][:300], "phone": c["phone"][:40], "email": c["email"][:200],
                          "contact_name": "", "licence_number": c["licence_number"][:40],
                          "licence_valid_until": valid_until, "accreditation": accreditation, "active": True}
        rows.append(row)
    return rows


def import_rows(rows: list[Row]) -> list[Centre]:
    """Save every row through the catalog's own rules; called only when no row has an error."""
    if any(row.errors for row in rows):
        raise ImportRefused(_l("Nothing has been imported. Correct the file and upload it again."))
    return [catalog_services.save(Centre, None, row.values) for row in rows]
