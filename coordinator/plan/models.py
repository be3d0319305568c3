"""A yearly target of the programme plan: one figure, one side, one year of that side's calendar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import VersionedMixin
from ..extensions import db


class PlanTarget(Audited, VersionedMixin, db.Model):
    """`target` of `figure` for `side` in `year` (Solar Hijri for a Jalali side, else Gregorian).

    `starts_on`/`ends_on` are the year's first and last Gregorian days, kept so a period finds the years it
    overlaps with one indexed query."""

    __tablename__ = "plan_targets"
    __table_args__ = (
        UniqueConstraint("side_id", "year", "figure", name="uq_plan_targets_side_year_figure"),
        CheckConstraint("target >= 0", name="target_not_negative"),
        CheckConstraint("ends_on >= starts_on", name="year_ends_after_start"),
    )
    audit_name = _l("Plan target")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    figure: Mapped[str] = mapped_column(String(80))
    target: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date, index=True)

    side = relationship("Side", lazy="joined")

    def audit_label(self) -> str:
        return f"{self.figure} {self.year}"
