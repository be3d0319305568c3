"""Demo plan and budget for the current year: each side's targets in its own calendar (1405-ish for
Khuzestan, the Gregorian year for Maysan), per-diem rates, and budget lines on two courses, a trip and a loan
(with a third party paying materials)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..catalog.models import Side, TargetGroup
from ..courses.models import Course
from ..equipment.models import Transfer
from ..exchanges.models import Assignment
from ..extensions import db
from ..plan.models import BudgetLine, PerDiemRate, PlanTarget
from ..plan.years import year_of, year_span

# (figure, Khuzestan's target, Maysan's target): a modest first full year of the programme.
TARGETS = (
    ("courses.approved", 12, 10),
    ("courses.completed", 10, 8),
    ("trainees.enrolled", 240, 200),
    ("trainees.enrolled.gender-f", 110, 80),
    ("trainees.women_share", 45, 40),
    ("trainees.certified", 200, 160),
    ("trainees.certified.gender-f", 90, 64),
    ("exchanges.trainer_days", 120, 90),
    ("curricula.adopted", 4, 3),
    ("milestones.reached", 8, 6),
    ("courses.practical_share", 70, 70),
)
RATES = {"IRR": Decimal("585000"), "IQD": Decimal("1310"), "USD": Decimal(1)}


def _targets(side: Side, column: int, today: date, group: TargetGroup | None) -> None:
    year = year_of(side.calendar, today)
    first, last = year_span(side.calendar, year)
    rows = [(key, values[column]) for key, *values in TARGETS]
    if group is not None:
        rows.append((f"trainees.enrolled.group-{group.id}", 40 if column == 0 else 30))
    for key, value in rows:
        db.session.add(PlanTarget(side_id=side.id, year=year, figure=key, target=Decimal(value), starts_on=first,
                                  ends_on=last))


def _line(owner: dict, item: str, payer: Side | None, currency: str, planned: str, committed: str = "0",
          actual: str = "0", *, rate_on: date, third_party: str = "", description: str = "") -> BudgetLine:
    return BudgetLine(**owner, item=item, payer_side_id=payer.id if payer else None, payer_name=third_party,
                      currency=currency, rate=RATES[currency], rate_on=rate_on, planned=Decimal(planned),
                      committed=Decimal(committed), actual=Decimal(actual), description=description)


def load(today: date, courses: list[Course]) -> None:
    sides = {s.code: s for s in db.session.scalars(select(Side))}
    khz, msn = sides["KHZ"], sides["MSN"]
    group = db.session.scalar(select(TargetGroup).order_by(TargetGroup.sort_order, TargetGroup.id).limit(1))
    _targets(khz, 0, today, group)
    _targets(msn, 1, today, group)
    year_start = date(today.year, 1, 1)
    db.session.add_all([
        PerDiemRate(side_id=khz.id, destination_side_id=msn.id, currency="IRR", daily=Decimal("4500000"),
                    valid_from=year_start),
        PerDiemRate(side_id=msn.id, destination_side_id=khz.id, currency="IQD", daily=Decimal("95000"),
                    valid_from=year_start),
    ])
    rate_on = today - timedelta(days=3)
    lines = []
    for course in courses[:2]:
        owner = {"course_id": course.id}
        host = khz if course.host_side_id == khz.id else msn
        guest = msn if host is khz else khz
        currency = "IRR" if host is khz else "IQD"
        lines += [
            _line(owner, "tuition", host, currency, "180000000" if currency == "IRR" else "4200000",
                  "180000000" if currency == "IRR" else "4200000", rate_on=rate_on),
            _line(owner, "accommodation", guest, "USD", "1200.00", "900.00", "450.50", rate_on=rate_on),
            _line(owner, "materials", None, "USD", "2500.00", "2500.00", rate_on=rate_on,
                  third_party="برنامج الأمم المتحدة الإنمائي في العراق",
                  description="مواد مصرفی جوشکاری / مستهلكات اللحام"),
        ]
    trip = db.session.scalar(select(Assignment).order_by(Assignment.travel_out_at).limit(1))
    if trip is not None:
        lines += [_line({"assignment_id": trip.id}, "transport", khz, "IRR", "35000000", "35000000",
                        rate_on=rate_on)]
    loan = db.session.scalar(select(Transfer).where(Transfer.dispatched_on.is_not(None))
                             .order_by(Transfer.dispatched_on.desc()).limit(1))
    if loan is not None:
        lines += [_line({"transfer_id": loan.id}, "customs", loan.to_side, "IQD", "750000", "750000", "750000",
                        rate_on=rate_on),
                  _line({"transfer_id": loan.id}, "insurance", khz, "USD", "300.00", rate_on=rate_on)]
    db.session.add_all(lines)
