"""A yearly target of the programme plan: one figure, one side, one year of that side's calendar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
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


# Budget and cost sharing ---------------------------------------------------------------------------------

# i18n: what a budget line pays for
BUDGET_ITEMS = {
    "tuition": _l("Tuition"),
    "accommodation": _l("Accommodation"),
    "per_diem": _l("Per-diem"),
    "transport": _l("Transport"),
    "materials": _l("Materials"),
    "customs": _l("Customs"),
    "insurance": _l("Insurance"),
    "other": _l("Other costs"),
}
CURRENCIES = {"IRR": _l("Iranian rial (IRR)"), "IQD": _l("Iraqi dinar (IQD)"), "USD": _l("US dollar (USD)")}
# i18n: a currency in a table of amounts: its short name (English keeps the ISO code)
CURRENCY_SHORT = {"IRR": lazy_pgettext("currency", "IRR"), "IQD": lazy_pgettext("currency", "IQD"),
                  "USD": lazy_pgettext("currency", "USD")}
# What a budget line belongs to: attribute → table.
BUDGET_OWNERS = ("course", "assignment", "transfer")


class BudgetLine(Audited, VersionedMixin, db.Model):
    """One cost of a course, a trip (an assignment across the border) or an equipment loan (a transfer): who
    pays, in which currency at which rate (units of the currency for one US dollar, as of a day), and the
    planned, committed and actual amounts. Amounts are exact decimals, never floats."""

    __tablename__ = "budget_lines"
    __table_args__ = (
        # Portable: PostgreSQL cannot add booleans.
        CheckConstraint("(CASE WHEN course_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN assignment_id IS NULL "
                        "THEN 0 ELSE 1 END) + (CASE WHEN transfer_id IS NULL THEN 0 ELSE 1 END) = 1",
                        name="one_owner"),
        CheckConstraint("payer_side_id IS NOT NULL OR payer_name <> ''", name="has_payer"),
        CheckConstraint("rate > 0", name="rate_positive"),
        CheckConstraint("planned >= 0 AND committed >= 0 AND actual >= 0", name="amounts_not_negative"),
    )
    audit_name = _l("Budget line")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), nullable=True,
                                                  index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"),
                                                      nullable=True, index=True)
    transfer_id: Mapped[int | None] = mapped_column(ForeignKey("equipment_transfers.id", ondelete="CASCADE"),
                                                    nullable=True, index=True)
    item: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(300), default="")
    # Either side pays (payer_side_id) or a named third party (payer_name).
    payer_side_id: Mapped[int | None] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), nullable=True)
    payer_name: Mapped[str] = mapped_column(String(200), default="")
    currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    rate_on: Mapped[date] = mapped_column(Date)
    planned: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal(0))
    committed: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal(0))
    actual: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal(0))

    payer_side = relationship("Side", lazy="joined")

    @property
    def item_label(self):
        return BUDGET_ITEMS.get(self.item, self.item)

    @property
    def payer_label(self) -> str:
        return self.payer_side.name if self.payer_side is not None else self.payer_name

    def audit_label(self) -> str:
        return f"{self.item} {self.currency}"


class PerDiemRate(Audited, VersionedMixin, db.Model):
    """What a side pays its people a day on the other side (the destination), from a day on."""

    __tablename__ = "per_diem_rates"
    __table_args__ = (
        UniqueConstraint("side_id", "destination_side_id", "currency", "valid_from",
                         name="uq_per_diem_rates_side_destination_currency_from"),
        CheckConstraint("daily > 0", name="daily_positive"),
    )
    audit_name = _l("Per-diem rate")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    destination_side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"))
    currency: Mapped[str] = mapped_column(String(3))
    daily: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    valid_from: Mapped[date] = mapped_column(Date)

    side = relationship("Side", foreign_keys=[side_id], lazy="joined")
    destination = relationship("Side", foreign_keys=[destination_side_id], lazy="joined")
