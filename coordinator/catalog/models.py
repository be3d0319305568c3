"""Reference data: the two sides, their holidays, training centres, skill standards, target groups,
border crossings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import NamedMixin, SearchableMixin, VersionedMixin
from ..extensions import db
from ..l10n.locales import current_lang, pick
from .isco import title as unit_group_title

CALENDARS = {"jalali": _l("Solar Hijri"), "gregorian": _l("Gregorian")}
# A public holiday closes a whole side; a closure (heat, dust, elections) closes a side or one centre.
HOLIDAY_KINDS = {"public": _l("Public holiday"), "closure": _l("Closure")}
# The calendar in which a holiday keeps its date every year: copied to the next year in that calendar.
FIXED_IN = {"jalali": _l("Solar Hijri"), "gregorian": _l("Gregorian")}
ACCREDITATION = {
    "none": _l("Not accredited"),
    "provisional": _l("Provisionally accredited"),
    "accredited": _l("Accredited"),
    "suspended": _l("Accreditation suspended"),
}
CENTRE_KINDS = {
    "government": _l("Government training centre"),
    "private": _l("Private institute"),
    "iraqi_vocational": _l("Iraqi vocational training centre"),
}


class CatalogRecord(Audited, SearchableMixin, NamedMixin, VersionedMixin):
    """What every reference record shares: names in fa/ar(/en), a search key, a version, an audit trail."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Side(CatalogRecord, db.Model):
    """A province of the programme, with its country, clock, calendar, working week and holidays."""

    __tablename__ = "sides"
    audit_name = _l("Side")
    __search_fields__ = ("code", "name_fa", "name_ar", "name_en", "organisation_fa", "organisation_ar")

    code: Mapped[str] = mapped_column(String(10), unique=True)
    country_code: Mapped[str] = mapped_column(String(2))
    organisation_fa: Mapped[str] = mapped_column(String(300), default="")
    organisation_ar: Mapped[str] = mapped_column(String(300), default="")
    organisation_en: Mapped[str | None] = mapped_column(String(300), nullable=True)
    timezone: Mapped[str] = mapped_column(String(60))
    calendar: Mapped[str] = mapped_column(String(12))
    # Python weekday numbers (Mon=0 … Fri=4, Sat=5), comma separated: "4" or "4,5".
    weekend_days: Mapped[str] = mapped_column(String(20), default="4")

    holidays = relationship(
        "Holiday", back_populates="side", order_by="Holiday.day", cascade="all, delete-orphan"
    )

    @property
    def weekend(self) -> tuple[int, ...]:
        return tuple(int(d) for d in self.weekend_days.split(",") if d.strip().isdigit())

    @property
    def calendar_label(self):
        return CALENDARS.get(self.calendar, self.calendar)


class Holiday(Audited, SearchableMixin, NamedMixin, VersionedMixin, db.Model):
    """A day off on one side (centre_id None) or at one centre; a range is one row per day, so every
    query asking "is this day off?" stays a lookup by day."""

    __tablename__ = "holidays"
    audit_name = _l("Public holiday")
    # Side-wide days have centre_id NULL, which SQL never counts as a duplicate: the service checks
    # those under the side's row lock (catalog/holidays.py).
    __table_args__ = (UniqueConstraint("side_id", "centre_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), nullable=True,
                                                  index=True)
    kind: Mapped[str] = mapped_column(String(12), default="public", server_default="public")
    # A lunar date computed in advance: a person confirms it (or moves it by a day) once announced.
    estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    fixed_in: Mapped[str | None] = mapped_column(String(12), nullable=True)

    side = relationship(Side, back_populates="holidays")
    centre = relationship("Centre", lazy="joined")

    @property
    def kind_label(self):
        return HOLIDAY_KINDS.get(self.kind, self.kind)

    def audit_label(self) -> str:
        return f"{self.day.isoformat()} {self.name_fa}"


class Centre(CatalogRecord, db.Model):
    __tablename__ = "centres"
    audit_name = _l("Training centre")
    __search_fields__ = ("name_fa", "name_ar", "name_en", "city_fa", "city_ar", "contact_name", "phone")

    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    city_fa: Mapped[str] = mapped_column(String(120), default="")
    city_ar: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    # Private institutes work under a licence; an expired one may not host a joint course.
    licence_number: Mapped[str] = mapped_column(String(40), default="", server_default="")
    licence_valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    accreditation: Mapped[str] = mapped_column(String(12), default="none", server_default="none")

    side = relationship(Side, lazy="joined")

    @property
    def kind_label(self):
        return CENTRE_KINDS.get(self.kind, self.kind)

    @property
    def accreditation_label(self):
        return ACCREDITATION.get(self.accreditation, self.accreditation)

    def city_in(self, lang: str) -> str:
        return pick(self, "city", lang)


class SkillStandard(CatalogRecord, db.Model):
    __tablename__ = "skill_standards"
    audit_name = _l("Skill standard")
    __search_fields__ = ("code", "name_fa", "name_ar", "name_en", "field_fa", "field_ar")

    code: Mapped[str] = mapped_column(String(40), unique=True)
    field_fa: Mapped[str] = mapped_column(String(200), default="")
    field_ar: Mapped[str] = mapped_column(String(200), default="")
    theory_hours: Mapped[int] = mapped_column(Integer, default=0)
    practice_hours: Mapped[int] = mapped_column(Integer, default=0)
    # Pass marks out of 100; a course may set its own.
    pass_mark_theory: Mapped[int] = mapped_column(Integer, default=50, server_default="50")
    pass_mark_practice: Mapped[int] = mapped_column(Integer, default=70, server_default="70")
    # The ISCO-08 unit group (4 digits, from catalog/isco.py) the standard trains for: printed on certificates.
    isco_code: Mapped[str | None] = mapped_column(String(4), nullable=True)

    @property
    def total_hours(self) -> int:
        return (self.theory_hours or 0) + (self.practice_hours or 0)

    @property
    def practical_share(self) -> Decimal | None:
        """Practice hours as a percentage of all hours (the programme's norm is about 70)."""
        if not self.total_hours:
            return None
        return (Decimal(self.practice_hours) * 100 / Decimal(self.total_hours)).quantize(Decimal("1"))

    @property
    def isco_title(self) -> str:
        """The ISCO-08 unit group's title in the viewer's language."""
        return unit_group_title(self.isco_code, current_lang())

    def audit_label(self) -> str:
        return f"{self.code} {self.name_fa}"


class TargetGroup(CatalogRecord, db.Model):
    __tablename__ = "target_groups"
    audit_name = _l("Target group")

    code: Mapped[str] = mapped_column(String(40), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=100)
    # Waiting lists put a lower number first; None means no priority of its own.
    waiting_priority: Mapped[int | None] = mapped_column(Integer, nullable=True)


class BorderCrossing(CatalogRecord, db.Model):
    __tablename__ = "border_crossings"
    audit_name = _l("Border crossing")

    notes: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=100)
