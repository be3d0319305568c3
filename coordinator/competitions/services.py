"""Competition rules: the record, its participants (trainees of either side), results and medallists.
Services flush, never commit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..auth.permissions import can
from ..catalog.models import Side, SkillStandard
from ..db import check_version
from ..errors import (
    ConflictError,
    InvalidValues,
    NotFound,
    TransitionError,
    ValidationFailed,
)
from ..extensions import db
from ..l10n import calendars
from ..l10n.digits import Shown, strip_bidi
from ..l10n.folding import like_pattern
from ..trainees.models import Trainee, search_condition
from ..viewer import ShownDay
from .models import LEVELS, MEDALS, Competition, Participant

FIELDS = ("name_fa", "name_ar", "name_en", "level", "skill_standard_id", "organiser_side_id", "starts_on",
          "ends_on", "venue")
NAME_MAX, VENUE_MAX = 200, 300
SCORE_MIN, SCORE_MAX = Decimal(0), Decimal(100)
RANK_MAX = 10_000
PICKER_LIMIT = 50
MEDAL_ORDER = tuple(MEDALS)


class CompetitionInvalid(InvalidValues):
    """Every problem found, as (field, message) pairs; the first is the message."""


def _clean(text) -> str:
    return " ".join(strip_bidi(text or "").split())


# The competition record ---------------------------------------------------------------------------------


def check_values(values: dict, user, competition: Competition | None = None) -> tuple[dict, list]:
    """The values normalised as stored, and every problem found (empty when valid)."""
    data = {key: values.get(key) for key in FIELDS}
    problems: list[tuple[str | None, object]] = []
    for key in ("name_fa", "name_ar", "name_en"):
        data[key] = _clean(data[key])
        if len(data[key]) > NAME_MAX:
            problems.append((key, _l("Enter no more than %(count)s characters.", count=Shown(NAME_MAX))))
    if not data["name_fa"]:
        problems.append(("name_fa", _l("Enter the name in Persian.")))
    if not data["name_ar"]:
        problems.append(("name_ar", _l("Enter the name in Arabic.")))
    data["name_en"] = data["name_en"] or None

    if data["level"] not in LEVELS:
        problems.append(("level", _l("Choose the level of the competition.")))

    kept_skill = competition.skill_standard_id if competition is not None else None
    skill = db.session.get(SkillStandard, data["skill_standard_id"]) \
        if isinstance(data["skill_standard_id"], int) else None
    if skill is None or not (skill.active or skill.id == kept_skill):
        problems.append(("skill_standard_id", _l("Choose a skill standard from the list.")))

    kept_side = competition.organiser_side_id if competition is not None else None
    side = db.session.get(Side, data["organiser_side_id"]) if isinstance(data["organiser_side_id"], int) else None
    if side is None or not (side.active or side.id == kept_side):
        problems.append(("organiser_side_id", _l("Choose the organising side.")))
    elif not can(user, "competition.manage", SimpleNamespace(organiser_side_id=side.id)):
        problems.append(("organiser_side_id", _l("You may keep only the competitions your own side organises.")))

    starts_on, ends_on = data["starts_on"], data["ends_on"]
    if not isinstance(starts_on, date):
        problems.append(("starts_on", _l("Enter the first day.")))
    if not isinstance(ends_on, date):
        problems.append(("ends_on", _l("Enter the last day.")))
    if isinstance(starts_on, date) and isinstance(ends_on, date) and ends_on < starts_on:
        problems.append(("ends_on", _l("The last day cannot be before the first day.")))

    data["venue"] = _clean(data["venue"])
    if len(data["venue"]) > VENUE_MAX:
        problems.append(("venue", _l("Enter no more than %(count)s characters.", count=Shown(VENUE_MAX))))
    return data, problems


def _validate(values, user, competition=None) -> dict:
    data, problems = check_values(values, user, competition)
    if problems:
        raise CompetitionInvalid(problems)
    return data


def create_competition(values: dict, user) -> Competition:
    """Register a competition organised by the user's own side."""
    competition = Competition(**_validate(values, user))
    db.session.add(competition)
    db.session.flush()
    return competition


def update_competition(competition: Competition, values: dict, version, user) -> Competition:
    """Correct a competition; a stale form is refused before anything else."""
    check_version(competition, version)
    for key, value in _validate(values, user, competition).items():
        if getattr(competition, key) != value:
            setattr(competition, key, value)
    db.session.flush()
    return competition


# Participants -------------------------------------------------------------------------------------------


def has_results(competition: Competition) -> bool:
    return any(p.score is not None or p.rank is not None or p.medal for p in competition.participants)


def trainee_choices(competition: Competition, query: str | None = None,
                    limit: int = PICKER_LIMIT) -> tuple[list, bool]:
    """Trainees of either side not yet taking part, matching a folded search; at most `limit`, and
    whether there were more."""
    taken = select(Participant.trainee_id).where(Participant.competition_id == competition.id)
    stmt = select(Trainee).where(Trainee.id.not_in(taken))
    if query:
        stmt = stmt.where(search_condition(query))
    found = db.session.scalars(stmt.order_by(Trainee.search_key, Trainee.id).limit(limit + 1)).all()
    return list(found[:limit]), len(found) > limit


def add_participant(competition: Competition, trainee_id, user) -> Participant:
    """Enter a trainee of either side; allowed at any time (late entries happen), once per trainee."""
    trainee = db.session.get(Trainee, trainee_id) if isinstance(trainee_id, int) else None
    if trainee is None:
        raise ValidationFailed(_l("Choose a trainee from the list."), field="trainee_id")
    if any(p.trainee_id == trainee.id for p in competition.participants):
        raise ConflictError(_l("%(name)s already takes part in this competition.", name=trainee.name),
                            field="trainee_id")
    participant = Participant(trainee=trainee)
    competition.participants.append(participant)
    db.session.flush()
    return participant


def remove_participant(competition: Competition, participant_id: int, user) -> Participant:
    """Take a participant off; refused once results are recorded (ranks would no longer add up)."""
    participant = next((p for p in competition.participants if p.id == participant_id), None)
    if participant is None:
        raise NotFound()
    if has_results(competition):
        raise TransitionError(_l("Results are recorded for this competition: participants can no longer "
                                 "be removed. Clear the results first."))
    competition.participants.remove(participant)
    db.session.flush()
    return participant


# Results ------------------------------------------------------------------------------------------------


def _score(value):
    if value in (None, ""):
        return None
    try:
        score = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return False
    if not score.is_finite() or score < SCORE_MIN or score > SCORE_MAX or score != score.quantize(Decimal("0.01")):
        return False
    return score


def record_results(competition: Competition, rows: list[dict], user, today: date) -> list[Participant]:
    """Save the results grid: every row is checked first, then all are written, or none.

    A row is {participant_id, score, rank, medal, version}; empty values clear that result.
    """
    if today < competition.starts_on:
        raise TransitionError(_l("Results can be recorded from the first day of the competition, %(day)s.",
                                 day=ShownDay(competition.starts_on)))
    by_id = {p.id: p for p in competition.participants}
    problems: list[tuple[str | None, object]] = []
    planned: list[tuple[Participant, Decimal | None, int | None, str | None]] = []
    seen_ranks: dict[int, Participant] = {}
    seen_ids: set[int] = set()
    for index, row in enumerate(rows):
        participant = by_id.get(row.get("participant_id"))
        if participant is None or participant.id in seen_ids:
            # Nothing of the grid is saved: a stranger's result must never slip in with the others.
            raise ValidationFailed(_l("A result was sent for someone who is not a participant of this "
                                      "competition. Nothing was saved; reload the page and try again."))
        seen_ids.add(participant.id)
        version = row.get("version")
        if version not in (None, ""):
            check_version(participant, version)
        name = participant.trainee.name
        score = _score(row.get("score"))
        if score is False:
            problems.append((f"rows-{index}-score", _l("%(name)s: enter a score from %(low)s to %(high)s.",
                                                       name=name, low=Shown(0), high=Shown(100))))
        rank = row.get("rank")
        if rank in (None, ""):
            rank = None
        elif not isinstance(rank, int) or isinstance(rank, bool) or rank < 1 or rank > RANK_MAX:
            problems.append((f"rows-{index}-rank", _l("%(name)s: the rank must be a whole number from 1.",
                                                      name=name)))
            rank = None
        elif rank in seen_ranks:
            problems.append((f"rows-{index}-rank", _l(
                "%(name)s: rank %(rank)s is already given to %(other)s.", name=name, rank=Shown(rank),
                other=seen_ranks[rank].trainee.name)))
        else:
            seen_ranks[rank] = participant
        medal = row.get("medal") or None
        if medal is not None and medal not in MEDALS:
            problems.append((f"rows-{index}-medal", _l("%(name)s: choose a medal from the list.", name=name)))
        planned.append((participant, score, rank, medal))
    if problems:
        raise CompetitionInvalid(problems)
    for participant, score, rank, medal in planned:
        for key, value in (("score", score), ("rank", rank), ("medal", medal)):
            if getattr(participant, key) != value:
                setattr(participant, key, value)
    db.session.flush()
    return [p for p, *_rest in planned]


# Finding competitions and medallists --------------------------------------------------------------------


def search(query: str | None = None, *, level: str | None = None, side_id: int | None = None,
           skill_id: int | None = None):
    stmt = select(Competition)
    if query:
        stmt = stmt.where(Competition.search_key.like(like_pattern(query), escape="\\"))
    if level in LEVELS:
        stmt = stmt.where(Competition.level == level)
    if side_id:
        stmt = stmt.where(Competition.organiser_side_id == side_id)
    if skill_id:
        stmt = stmt.where(Competition.skill_standard_id == skill_id)
    return stmt.order_by(Competition.starts_on.desc(), Competition.id.desc())


def year_of(day: date, lang: str) -> int:
    """The year of `day` in the reader's calendar (Solar Hijri for Persian)."""
    return calendars.year_of(day, calendars.calendar_of(lang))


def year_bounds(year: int, lang: str) -> tuple[date, date]:
    """First and last day of a year of the reader's calendar."""
    return calendars.year_span(year, calendars.calendar_of(lang))


def medal_counts(*, level: str | None = None, start: date | None = None, end: date | None = None) -> list:
    """Medals by the medallist's side and the competition's skill, counted in the database:
    [(side, skill, {medal: count}, total)], ordered by side then skill code."""
    stmt = (select(Trainee.side_id, Competition.skill_standard_id, Participant.medal, func.count(Participant.id))
            .join(Participant.competition).join(Participant.trainee)
            .where(Participant.medal.is_not(None))
            .group_by(Trainee.side_id, Competition.skill_standard_id, Participant.medal))
    if level in LEVELS:
        stmt = stmt.where(Competition.level == level)
    if start is not None:
        stmt = stmt.where(Competition.starts_on >= start)
    if end is not None:
        stmt = stmt.where(Competition.starts_on <= end)
    table: dict[tuple[int, int], dict[str, int]] = {}
    for side_id, skill_id, medal, count in db.session.execute(stmt):
        table.setdefault((side_id, skill_id), dict.fromkeys(MEDAL_ORDER, 0))[medal] = count
    if not table:
        return []
    sides = {s.id: s for s in db.session.scalars(select(Side).where(Side.id.in_({k[0] for k in table})))}
    skills = {s.id: s for s in db.session.scalars(
        select(SkillStandard).where(SkillStandard.id.in_({k[1] for k in table})))}
    rows = [(sides[side_id], skills[skill_id], counts, sum(counts.values()))
            for (side_id, skill_id), counts in table.items()]
    return sorted(rows, key=lambda r: (r[0].id, r[1].code))


def medallists(*, level: str | None = None, start: date | None = None, end: date | None = None) -> list:
    """The medal winners themselves, in the same order as medal_counts, best medal first."""
    stmt = (select(Participant).join(Participant.competition).join(Participant.trainee)
            .where(Participant.medal.is_not(None)))
    if level in LEVELS:
        stmt = stmt.where(Competition.level == level)
    if start is not None:
        stmt = stmt.where(Competition.starts_on >= start)
    if end is not None:
        stmt = stmt.where(Competition.starts_on <= end)
    found = db.session.scalars(stmt).unique().all()
    return sorted(found, key=lambda p: (p.trainee.side_id, p.competition.skill_standard.code,
                                        MEDAL_ORDER.index(p.medal), p.competition.starts_on, p.id))
