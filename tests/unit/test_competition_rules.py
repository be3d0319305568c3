"""Competition rules: the record, participants of either side, and the results grid (all rows or none)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.auth.permissions import can
from coordinator.competitions import services
from coordinator.competitions.models import Competition, Participant
from coordinator.errors import ConflictError, TransitionError, ValidationFailed
from coordinator.extensions import db
from coordinator.trainees.models import Trainee
from tests import factories

START = date(2026, 11, 10)


def values(sides, skill_id, **changes) -> dict:
    return {"name_fa": "مسابقه استانی جوشکاری", "name_ar": "مسابقة اللحام", "name_en": "", "level": "provincial",
            "skill_standard_id": skill_id, "organiser_side_id": sides["KHZ"].id, "starts_on": START,
            "ends_on": date(2026, 11, 12), "venue": "اهواز", **changes}


@pytest.fixture
def env(app_ctx, sides, users):
    skill = factories.make_standard("9999-02")
    liaison = db.session.get(User, users["liaison_khz"].id)
    competition = services.create_competition(values(sides, skill), liaison)
    people = [db.session.get(Trainee, factories.make_trainee(sides[code].id, name_fa=f"کارآموز {i}", phone=""))
              for i, code in enumerate(("KHZ", "MSN", "KHZ"))]
    parts = [services.add_participant(competition, t.id, liaison) for t in people]
    db.session.commit()
    return SimpleNamespace(competition=competition, liaison=liaison, parts=parts, people=people, sides=sides,
                           skill=skill, other=db.session.get(User, users["liaison_msn"].id),
                           manager=db.session.get(User, users["manager_khz"].id))


def rows(env, *results):
    return [{"participant_id": p.id, "score": s, "rank": r, "medal": m}
            for p, (s, r, m) in zip(env.parts, results, strict=False)]


def saved(env):
    db.session.expire_all()
    return [(p.score, p.rank, p.medal) for p in db.session.scalars(
        select(Participant).where(Participant.competition_id == env.competition.id).order_by(Participant.id))]


def test_competition_needs_both_names_and_ordered_dates(env):
    with pytest.raises(services.CompetitionInvalid) as caught:
        services.create_competition(values(env.sides, env.skill, name_ar="", ends_on=date(2026, 11, 1)),
                                    env.liaison)
    assert {f for f, _m in caught.value.problems} == {"name_ar", "ends_on"}


def test_a_liaison_cannot_organise_for_the_other_side(env):
    with pytest.raises(services.CompetitionInvalid) as caught:
        services.create_competition(values(env.sides, env.skill, organiser_side_id=env.sides["MSN"].id),
                                    env.liaison)
    assert caught.value.field == "organiser_side_id"
    with pytest.raises(services.CompetitionInvalid) as caught:  # a manager organises for no side
        services.create_competition(values(env.sides, env.skill), env.manager)
    assert caught.value.field == "organiser_side_id"


def test_duplicate_participant_is_refused(env):
    with pytest.raises(ConflictError):
        services.add_participant(env.competition, env.people[0].id, env.liaison)
    with pytest.raises(ValidationFailed):
        services.add_participant(env.competition, 999_999, env.liaison)


def test_results_saved_together(env):
    services.record_results(env.competition, rows(env, (Decimal("91.5"), 1, "gold"), (Decimal("88"), 2, "silver"),
                                                  (None, None, None)), env.liaison, START)
    db.session.commit()
    assert saved(env) == [(Decimal("91.50"), 1, "gold"), (Decimal("88.00"), 2, "silver"), (None, None, None)]


def test_result_for_a_non_participant_saves_nothing(env):
    stranger = services.create_competition(values(env.sides, env.skill, name_fa="دیگری"), env.liaison)
    outsider = services.add_participant(stranger, env.people[0].id, env.liaison)
    db.session.commit()
    grid = rows(env, (Decimal(90), 1, "gold")) + [{"participant_id": outsider.id, "score": Decimal(80),
                                                   "rank": 2, "medal": "silver"}]
    with pytest.raises(ValidationFailed) as caught:
        services.record_results(env.competition, grid, env.liaison, START)
    assert caught.value.status == 400 and "not a participant" in str(caught.value)
    db.session.rollback()
    assert saved(env) == [(None, None, None)] * 3
    assert db.session.get(Participant, outsider.id).score is None


def test_duplicate_rank_is_refused_and_nothing_saved(env):
    with pytest.raises(services.CompetitionInvalid) as caught:
        services.record_results(env.competition, rows(env, (Decimal(90), 1, "gold"), (Decimal(80), 1, None)),
                                env.liaison, START)
    assert caught.value.problems[0][0] == "rows-1-rank"
    db.session.rollback()
    assert saved(env) == [(None, None, None)] * 3


@pytest.mark.parametrize("score, ok", [(Decimal(0), True), (Decimal(100), True), (Decimal("100.01"), False),
                                       (Decimal(-1), False), (Decimal("50.125"), False)])
def test_score_bounds(env, score, ok):
    grid = rows(env, (score, None, None))
    if ok:
        services.record_results(env.competition, grid, env.liaison, START)
    else:
        with pytest.raises(services.CompetitionInvalid):
            services.record_results(env.competition, grid, env.liaison, START)


def test_bad_medal_and_rank_are_refused(env):
    with pytest.raises(services.CompetitionInvalid) as caught:
        services.record_results(env.competition, rows(env, (None, 0, None), (None, None, "platinum")),
                                env.liaison, START)
    assert [f for f, _m in caught.value.problems] == ["rows-0-rank", "rows-1-medal"]


def test_results_only_from_the_first_day(env):
    with pytest.raises(TransitionError):
        services.record_results(env.competition, rows(env, (Decimal(90), 1, "gold")), env.liaison,
                                date(2026, 11, 9))


def test_other_side_and_managers_cannot_record_results(env):
    for user in (env.other, env.manager):  # the page's one check; the route table tests the 403
        assert not can(user, "competition.manage", env.competition)
    assert can(env.liaison, "competition.manage", env.competition)


def test_participant_cannot_be_removed_once_results_exist(env):
    services.remove_participant(env.competition, env.parts[2].id, env.liaison)
    services.record_results(env.competition, rows(env, (Decimal(90), 1, "gold")), env.liaison, START)
    with pytest.raises(TransitionError):
        services.remove_participant(env.competition, env.parts[1].id, env.liaison)


def test_medal_counts_by_side_and_skill(env):
    services.record_results(env.competition, rows(env, (Decimal(90), 1, "gold"), (Decimal(85), 2, "silver"),
                                                  (Decimal(80), 3, "bronze")), env.liaison, START)
    db.session.commit()
    counts = {(side.code, skill.id): (by, total) for side, skill, by, total in services.medal_counts()}
    assert counts[("KHZ", env.skill)] == ({"gold": 1, "silver": 0, "bronze": 1, "excellence": 0}, 2)
    assert counts[("MSN", env.skill)][1] == 1
    assert services.medal_counts(level="national") == []
    assert services.medal_counts(start=date(2027, 1, 1)) == []
    assert len(services.medallists()) == 3
    assert db.session.scalar(select(Competition.id)) is not None
