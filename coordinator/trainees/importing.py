"""Importing trainees from CSV or Excel: read the file, judge every row by the form's rules, keep the
checked rows on the server between the preview and the confirmation."""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..catalog.models import Side, TargetGroup
from ..extensions import db
from ..l10n.calendars import GREGORIAN_YEARS, JALALI_YEARS, parse_date
from ..l10n.digits import InputError, Shown, strip_bidi, to_ascii_digits
from ..l10n.folding import fold
from ..safe_zip import ZipDamaged, ZipLimits, ZipRefused, check_zip
from ..viewer import format_day
from . import services
from .import_words import EDUCATION_WORDS, GENDER_SPELLINGS, HEADER_WORDS
from .models import EDUCATION, GENDERS, Trainee

COLUMNS = ("name_fa", "name_ar", "gender", "side", "target_group", "birth_date", "education", "phone",
           "national_id")
# Columns a file may leave out (older templates have none of them): what certificates print.
OPTIONAL_COLUMNS = ("father_name_fa", "father_name_ar", "name_en", "father_name_en", "passport_number")
ALL_COLUMNS = COLUMNS + OPTIONAL_COLUMNS
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# Blank lines and formatted-but-empty sheet rows are skipped, up to this many lines in all.
MAX_LINES = 100_000
MAX_COLUMNS = 60
MAX_CELL = 500
# A 2 MB workbook unpacks to much more; refuse the ones that unpack to far more than 2,000 rows need.
MAX_UNPACKED = 40 * 1024 * 1024
MAX_PARTS = 1000  # a workbook has a few dozen parts
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected workbooks
# Service fields and the file columns they come from.
FIELD_COLUMNS = {"side_id": "side", "target_group_ids": "target_group"}
GROUP_SEPARATORS = re.compile(r"[,;،؛]")
GENDER_WORDS = {fold(word): code for code, words in GENDER_SPELLINGS.items() for word in words}
_IMPORT_DATE_RE = re.compile(r"([0-9]{4})\s*[-/.]\s*([0-9]{1,2})\s*[-/.]\s*([0-9]{1,2})")


class ImportRefused(Exception):
    """The file as a whole cannot be imported; carries a translatable message and an HTTP status."""

    def __init__(self, message, status: int = 400):
        super().__init__(str(message))
        self.message = message
        self.status = status


def size_error() -> ImportRefused:
    return ImportRefused(_l("The file is larger than %(size)s MB. Split it into smaller files.",
                            size=Shown(MAX_BYTES // (1024 * 1024))), status=413)


# Reading the file ---------------------------------------------------------------------------------------


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def content_kind(data: bytes) -> str:
    """What the bytes are, whatever the file is called: 'xlsx', 'xls', 'csv', 'text' (not UTF-8) or ''."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx" if _is_workbook(data) else ""
    if data.startswith(OLE2_MAGIC):
        return "xls"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16, what Excel calls "Unicode text"
    if b"\x00" in data:
        return ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "text"
    return "csv"


def read_table(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The data rows of an upload as (row number in the file, {column: text}); ImportRefused if unusable."""
    if len(data) > MAX_BYTES:
        raise size_error()
    extension = Path(filename or "").suffix.lower()
    if extension not in (".csv", ".xlsx"):
        raise ImportRefused(_l("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    if not data.strip():
        raise ImportRefused(_l("The file is empty."))
    kind = content_kind(data)
    if kind == "xls":
        raise ImportRefused(_l("Old Excel files (.xls) and protected workbooks cannot be read: "
                               "save the workbook as .xlsx without a password."))
    if kind == "text" and extension == ".csv":
        raise ImportRefused(_l("This CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8”, "
                               "or upload the .xlsx workbook itself."))
    if kind in ("", "text"):
        raise ImportRefused(_l("This file is neither a CSV file nor an Excel workbook."))
    if f".{kind}" != extension:
        raise ImportRefused(_l("The file's name does not match its content: a .csv file must hold CSV text "
                               "and a .xlsx file an Excel workbook."))
    lines = _xlsx_lines(data) if kind == "xlsx" else _csv_lines(data.decode("utf-8-sig"))
    return _table(lines)


def _csv_lines(text: str):
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        for line in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [cell[:MAX_CELL] for cell in line[:MAX_COLUMNS]]
    except csv.Error:
        raise ImportRefused(_l("The CSV file could not be read: check its quotation marks.")) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):  # datetime too
        return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phone numbers and IDs typed into number cells
    return str(value)[:MAX_CELL]


def _xlsx_lines(data: bytes) -> list[list[str]]:
    """The first sheet's rows as text, read until _table has seen enough to accept or refuse the file."""
    from openpyxl import load_workbook

    # Every part unpacked and counted by safe_zip first: openpyxl trusts what the parts declare.
    try:
        check_zip(data, ZipLimits(max_unpacked=MAX_UNPACKED, max_members=MAX_PARTS))
    except ZipDamaged:
        raise _unreadable() from None
    except ZipRefused as exc:
        raise ImportRefused(exc.message) from None
    lines, filled = [], 0
    try:
        # openpyxl warns about styles and extensions it ignores; they do not matter for reading values.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for values in book.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True):
                    line = [_cell_text(v) for v in values]
                    lines.append(line)
                    filled += any(cell.strip() for cell in line)
                    # One line past a limit is enough for _table to refuse the file.
                    if filled > MAX_ROWS + 1 or len(lines) > MAX_LINES:
                        break
            finally:
                book.close()
    except Exception:  # a damaged workbook fails in many ways inside openpyxl; all mean "cannot read"
        current_app.logger.info("Unreadable workbook uploaded for import", exc_info=True)
        raise _unreadable() from None
    return lines


def _unreadable() -> ImportRefused:
    return ImportRefused(_l("The workbook could not be read. Open it in Excel, save it again as .xlsx "
                            "and upload it once more."))


def _plain_key(text: str) -> str:
    return fold(text).replace(" ", "_").replace("-", "_").replace("\u200c", "_")


_HEADER_ALIASES = {_plain_key(word): key for key, words in HEADER_WORDS.items() for word in words}
_EDUCATION_ALIASES = {_plain_key(word): code for code, words in EDUCATION_WORDS.items() for word in words}


def _header_key(text: str) -> str:
    key = _plain_key(text)
    return _HEADER_ALIASES.get(key, key)


def _header_error(missing: list[str], unknown: list[str]) -> ImportRefused:
    if missing and unknown:
        return ImportRefused(_l(
            "The header row does not match the template. Missing columns: %(missing)s. "
            "Unknown columns: %(unknown)s.", missing=", ".join(missing), unknown=", ".join(unknown)))
    if missing:
        return ImportRefused(_l("The header row lacks these columns: %(columns)s.", columns=", ".join(missing)))
    return ImportRefused(_l("The header row has columns the import does not know: %(columns)s.",
                            columns=", ".join(unknown)))


def _table(lines) -> list[tuple[int, dict[str, str]]]:
    header, positions, rows = None, {}, []
    for number, line in enumerate(lines, start=1):
        if number > MAX_LINES:
            raise _too_many_rows()
        if not any(strip_bidi(cell) for cell in line):
            continue
        if header is None:
            header = [_header_key(cell) for cell in line]
            named = [key for key in header if key]
            doubled = sorted({key for key in named if named.count(key) > 1})
            if doubled:
                raise ImportRefused(_l("These columns appear more than once in the header row: %(columns)s.",
                                       columns=", ".join(doubled)))
            missing = [key for key in COLUMNS if key not in named]
            unknown = [key for key in named if key not in ALL_COLUMNS]
            if missing or unknown:
                raise _header_error(missing, unknown)
            positions = {key: header.index(key) for key in ALL_COLUMNS if key in named}
            continue
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows()
        cells = {key: (line[i].strip() if i < len(line) else "") for key, i in positions.items()}
        rows.append((number, cells))
    if header is None:
        raise ImportRefused(_l("The file is empty."))
    if not rows:
        raise ImportRefused(_l("The file has no trainees below the header row."))
    return rows


def _too_many_rows() -> ImportRefused:
    return ImportRefused(_l("A file may hold at most %(count)s trainees. Split it into smaller files.",
                            count=Shown(MAX_ROWS)))


# Judging the rows ---------------------------------------------------------------------------------------


@dataclass
class Row:
    number: int
    cells: dict[str, str]
    values: dict = field(default_factory=dict)
    errors: list[tuple[str | None, object]] = field(default_factory=list)
    shown: dict = field(default_factory=dict)

    def add(self, column: str | None, message) -> None:
        """Keep the first problem of each column: the later ones usually follow from it."""
        if column is None or all(c != column for c, _m in self.errors):
            self.errors.append((column, message))


def parse_import_date(text: str) -> date:
    """YYYY/MM/DD in any digits: Solar Hijri when the year is 1300–1500, Gregorian when 1900–2100."""
    cleaned = to_ascii_digits(strip_bidi(text))
    match = _IMPORT_DATE_RE.fullmatch(cleaned)
    message = _l("Write the date as year/month/day, with a Solar Hijri year (%(jalali)s) or a Gregorian "
                 "year (%(gregorian)s).",
                 jalali=Shown(f"{JALALI_YEARS[0]}–{JALALI_YEARS[1]}"),
                 gregorian=Shown(f"{GREGORIAN_YEARS[0]}–{GREGORIAN_YEARS[1]}"))
    if match is None:
        raise InputError(message)
    year = int(match.group(1))
    if JALALI_YEARS[0] <= year <= JALALI_YEARS[1]:
        return parse_date(cleaned, "fa")
    if GREGORIAN_YEARS[0] <= year <= GREGORIAN_YEARS[1]:
        return parse_date(cleaned, "en")
    raise InputError(message)


def _parse(row: Row, sides: dict, groups: dict) -> dict:
    """The row's cells as the values a form would post; unreadable cells become errors of their column."""
    cells = row.cells
    values = {"name_fa": cells["name_fa"], "name_ar": cells["name_ar"], "phone": cells["phone"],
              "national_id": cells["national_id"], **{key: cells[key] for key in OPTIONAL_COLUMNS},
              "gender": None, "side_id": None, "target_group_ids": [],
              "birth_date": None, "education": None}
    if cells["gender"]:
        values["gender"] = GENDER_WORDS.get(fold(cells["gender"]))
    if values["gender"] is None:
        row.add("gender", _l("Write f or m (also زن / مرد or أنثى / ذكر)."))
    side = sides.get(to_ascii_digits(cells["side"]).strip().upper()) or sides.get(fold(cells["side"]))
    if side is None:
        codes = sorted({side.code.upper() for side in sides.values()})
        row.add("side", _l("Write the code of a side: %(codes)s.", codes=", ".join(codes)))
    else:
        values["side_id"] = side.id
    # Several groups are separated by commas (Latin or Arabic) or semicolons.
    for code in filter(None, (part.strip() for part in GROUP_SEPARATORS.split(cells["target_group"] or ""))):
        group = groups.get(code.lower()) or groups.get(fold(code))
        if group is None:
            row.add("target_group", _l("Unknown target group code: use one of the codes listed on this page, "
                                       "or leave the cell empty."))
            break
        values["target_group_ids"].append(group.id)
    if cells["birth_date"]:
        try:
            values["birth_date"] = parse_import_date(cells["birth_date"])
        except InputError as exc:
            row.add("birth_date", exc.message)
    code = cells["education"].strip().lower()
    code = code if code in EDUCATION else _EDUCATION_ALIASES.get(_plain_key(cells["education"]), code)
    if code in EDUCATION:
        values["education"] = code
    else:
        row.add("education", _l("Write one of the education codes listed on this page."))
    return values


def _show(row: Row, sides_by_id: dict, groups_by_id: dict) -> dict:
    """What the preview shows of each column: the stored form when it is valid, else the text of the file."""
    data, cells = row.values, row.cells
    side = sides_by_id.get(data.get("side_id"))
    groups = [groups_by_id[g] for g in data.get("target_group_ids") or () if g in groups_by_id]
    birth = data.get("birth_date")
    national_id = data.get("national_id")
    return {
        "name_fa": data.get("name_fa") or "", "name_ar": data.get("name_ar") or "",
        "gender": GENDERS.get(data.get("gender")) or cells["gender"],
        "side": side.name if side else cells["side"],
        "target_group": "، ".join(g.name for g in groups) if groups else cells["target_group"],
        "birth_date": format_day(birth) if isinstance(birth, date) else cells["birth_date"],
        "education": EDUCATION.get(data.get("education")) or cells["education"],
        "phone": data.get("phone") or cells["phone"],
        "national_id": Trainee(national_id=national_id).masked_national_id if national_id else "",
        "passport_number": (Trainee(passport_number=data["passport_number"]).masked_passport_number
                            if data.get("passport_number") else cells["passport_number"]),
    }


def check_rows(lines: list[tuple[int, dict[str, str]]], user) -> list[Row]:
    """Every row judged by the form's rules, then against the registered trainees and the rows above it."""
    sides = {s.code.upper(): s for s in db.session.scalars(select(Side).where(Side.active.is_(True)))}
    groups = {g.code.lower(): g for g in db.session.scalars(select(TargetGroup).where(TargetGroup.active.is_(True)))}
    sides_by_id = {s.id: s for s in sides.values()}
    groups_by_id = {g.id: g for g in groups.values()}
    # Names as people write them, in Persian, Arabic or English, folded (ي/ی, ك/ک, no diacritics).
    sides |= {fold(name): s for s in sides_by_id.values() for name in (s.name_fa, s.name_ar, s.name_en) if name}
    groups |= {fold(name): g for g in groups_by_id.values() for name in (g.name_fa, g.name_ar, g.name_en) if name}
    rows = []
    for number, cells in lines:
        row = Row(number, {key: str(cells.get(key) or "") for key in ALL_COLUMNS})
        values = _parse(row, sides, groups)
        row.values, problems = services.check_values(values, user)
        for name, message in problems:
            row.add(FIELD_COLUMNS.get(name, name), message)
        rows.append(row)
    _mark_duplicates(rows)
    order = {key: i for i, key in enumerate(ALL_COLUMNS)}
    for row in rows:
        row.errors.sort(key=lambda error: order.get(error[0], len(ALL_COLUMNS)))
        row.shown = _show(row, sides_by_id, groups_by_id)
    return rows


def _keys(row: Row) -> set[str]:
    """The duplicate keys of a row, leaving out any built from a value that is itself in error."""
    wrong = {column for column, _m in row.errors}
    name_keys, id_key = services.duplicate_keys(row.values)
    keys = set()
    if not wrong & {"name_fa", "name_ar", "phone"}:
        keys |= {f"n:{key}" for key in name_keys}
    if id_key and "national_id" not in wrong:
        keys.add(f"i:{id_key}")
    return keys


def _mark_duplicates(rows: list[Row]) -> None:
    row_keys = [_keys(row) for row in rows]
    wanted = set().union(*row_keys) if row_keys else set()
    existing = services.find_by_keys({k[2:] for k in wanted if k[0] == "n"}, {k[2:] for k in wanted if k[0] == "i"})
    registered: dict[str, list[Trainee]] = {}
    for trainee in existing:
        registered.setdefault(f"n:{trainee.name_phone_key}", []).append(trainee)
        if trainee.id_key:
            registered.setdefault(f"i:{trainee.id_key}", []).append(trainee)
    first_row: dict[str, int] = {}
    for row, keys in zip(rows, row_keys, strict=True):
        matches = {t.id: t for key in sorted(keys) for t in registered.get(key, ())}
        if matches:
            names = "، ".join(str(services.describe(t)) for t in list(matches.values())[:3])
            row.add(None, _l("Already registered: %(names)s.", names=names))
        earlier = sorted(first_row[key] for key in keys if key in first_row)
        if earlier:
            row.add(None, _l("The same person as row %(row)s of this file (same name and phone, or same "
                             "national ID).", row=Shown(earlier[0])))
        for key in keys:
            first_row.setdefault(key, row.number)


def template_rows(side_code: str, group_code: str) -> str:
    """The downloadable template: the header row and one example, as UTF-8 with a BOM for Excel."""
    examples = {
        "MSN": ["", "علي حسين الساعدي", "m", "MSN", group_code, "2001/03/15", "secondary", "07701234567", ""],
    }
    example = examples.get(side_code, ["فاطمه کعبی", "فاطمة الكعبي", "f", side_code, group_code, "1380/05/12",
                                       "secondary", "09161234567", ""])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(example)
    return "\ufeff" + out.getvalue()
