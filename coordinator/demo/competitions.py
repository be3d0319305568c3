"""Demo skill competitions: a finished provincial welding competition in Khuzestan with participants of
both sides and medals, a national skills olympiad coming up, and an international one from Maysan."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..catalog.models import Side, SkillStandard
from ..competitions.models import Competition, Participant
from ..extensions import db
from ..trainees.models import Trainee

# (score, rank, medal) of the welding competition, best first.
WELDING_RESULTS = [(Decimal("94.50"), 1, "gold"), (Decimal("91.25"), 2, "silver"), (Decimal("88.00"), 3, "bronze"),
                   (Decimal("85.75"), 4, "excellence"), (Decimal("79.00"), 5, None), (Decimal("72.50"), 6, None)]


def _trainees(side: Side, gender: str, count: int, skip: int = 0) -> list[Trainee]:
    stmt = (select(Trainee).where(Trainee.side_id == side.id, Trainee.gender == gender)
            .order_by(Trainee.id).offset(skip).limit(count))
    return list(db.session.scalars(stmt))


def load(today: date) -> list[Competition]:
    """Create the demo competitions from the demo trainees (load them first) and return them."""
    sides = {s.code: s for s in db.session.scalars(select(Side))}
    skills = {s.code: s for s in db.session.scalars(select(SkillStandard))}
    welding = Competition(
        name_fa="مسابقه استانی مهارت جوشکاری خوزستان", name_ar="مسابقة خوزستان الإقليمية لمهارة اللحام",
        name_en="Khuzestan provincial welding competition", level="provincial",
        skill_standard=skills["7212-01"], organiser_side=sides["KHZ"], starts_on=today - timedelta(days=40),
        ends_on=today - timedelta(days=38), venue="مرکز آموزش فنی و حرفه‌ای شماره ۱ اهواز")
    # Welders from both provinces, interleaved so the medals go to both sides.
    khz, msn = _trainees(sides["KHZ"], "m", 3), _trainees(sides["MSN"], "m", 3)
    entrants = [t for pair in zip(khz, msn, strict=False) for t in pair]
    for trainee, (score, rank, medal) in zip(entrants, WELDING_RESULTS, strict=False):
        welding.participants.append(Participant(trainee=trainee, score=score, rank=rank, medal=medal))

    olympiad = Competition(
        name_fa="المپیاد ملی مهارت — برق‌کاری ساختمان", name_ar="الأولمبياد الوطني للمهارات — كهرباء المباني",
        name_en="National skills olympiad — building electrician", level="national",
        skill_standard=skills["7411-01"], organiser_side=sides["KHZ"], starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=33), venue="تهران، مجموعه ورزشی آزادی")
    for trainee in _trainees(sides["KHZ"], "m", 2, skip=3):
        olympiad.participants.append(Participant(trainee=trainee))

    regional = Competition(
        name_fa="مسابقه بین‌المللی مهارت خیاطی عماره", name_ar="مسابقة العمارة الدولية لمهارة الخياطة",
        name_en="Amarah international tailoring competition", level="international",
        skill_standard=skills.get("7531-01", skills["7212-01"]), organiser_side=sides["MSN"],
        starts_on=today - timedelta(days=120), ends_on=today - timedelta(days=118),
        venue="العمارة، مركز التدريب المهني")
    for trainee, (score, rank, medal) in zip(_trainees(sides["MSN"], "f", 2) + _trainees(sides["KHZ"], "f", 1),
                                              ((Decimal("90.00"), 1, "gold"), (Decimal("84.00"), 2, "silver"),
                                               (Decimal("86.50"), None, "excellence")), strict=False):
        regional.participants.append(Participant(trainee=trainee, score=score, rank=rank, medal=medal))

    made = [welding, olympiad, regional]
    db.session.add_all(made)
    db.session.flush()
    return made
