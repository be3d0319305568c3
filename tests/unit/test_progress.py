"""Progress figures against hand-counted records: the period is October 2026 (1–31, both included).

Khuzestan's clock is UTC+3:30 and Maysan's UTC+3, so 20:45 UTC on 30 September is already 1 October in
Khuzestan (counts) while 21:10 UTC on 31 October is 1 November in Maysan (does not)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select, update

from coordinator.catalog.models import TargetGroup
from coordinator.certificates.models import Certificate
from coordinator.courses.models import Course, CourseApproval, Enrolment
from coordinator.curricula.models import TranslationTask
from coordinator.exchanges.models import Assignment
from coordinator.extensions import db
from coordinator.progress import cache as progress_cache
from coordinator.progress import services
from coordinator.progress.model import Period
from tests import factories as f

OCT = Period(date(2026, 10, 1), date(2026, 10, 31))


def utc(month, day, hour=9, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def build(sides, users, tag: str = "") -> SimpleNamespace:
    """The records of the module docstring's story; `tag` keeps names unique when built twice."""
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    ids = SimpleNamespace()
    groups = db.session.scalars(select(TargetGroup.id).order_by(TargetGroup.id)).all()
    ga, gb = groups[0], groups[1]
    ids.ga, ids.gb = ga, gb
    std = f.make_standard(code=f"7212-{tag or '01'}")
    ck = f.make_centre(khz)
    cm = f.make_centre(msn, name_fa="مرکز میسان", name_ar="مركز ميسان")

    # Courses: C1 KHZ proposed, approved, sent back, approved again (counts once each);
    # C2 MSN proposed the day before (no), approved 1 Oct, running 15 Oct, completed 1 Nov (no);
    # C3 KHZ proposed at 00:15 Tehran on 1 Oct (yes), running at 00:10 Tehran on 1 Nov (no);
    # C4 MSN completed at 23:50 Baghdad on 31 Oct (yes).
    c1, c2, c3, c4 = (f.make_course(ck, std), f.make_course(cm, std), f.make_course(ck, std),
                      f.make_course(cm, std))
    ids.courses = (c1, c2, c3, c4)
    for course, status, at in ((c1, "proposed", utc(10, 3)), (c1, "approved", utc(10, 10)),
                               (c1, "proposed", utc(10, 12)), (c1, "approved", utc(10, 20)),
                               (c2, "proposed", utc(9, 30)), (c2, "approved", utc(10, 1)),
                               (c2, "running", utc(10, 15)), (c2, "completed", utc(11, 1)),
                               (c3, "proposed", utc(9, 30, 20, 45)), (c3, "approved", utc(10, 31, 20, 40)),
                               (c3, "running", utc(10, 31, 20, 40)), (c4, "completed", utc(10, 31, 20, 50))):
        f.set_status_at(Course, course, status, at)
    # c3's approval at 20:40 UTC 31 Oct is 00:10 on 1 Nov in Tehran: not in October.
    for course, side, at in ((c1, khz, utc(10, 9)), (c1, msn, utc(10, 10)), (c2, khz, utc(9, 30)),
                             (c2, msn, utc(10, 1))):
        db.session.add(CourseApproval(course_id=course, side_id=side, at=at))
    db.session.commit()

    # Trainees: T1 KHZ f A, T2 KHZ m B, T3 MSN f A, T4 MSN m (no group), T5 MSN f B.
    t1 = f.make_trainee(khz, gender="f", target_group_id=ga, name_fa=f"ت۱{tag}")
    t2 = f.make_trainee(khz, gender="m", target_group_id=gb, name_fa=f"ت۲{tag}")
    t3 = f.make_trainee(msn, gender="f", target_group_id=ga, name_fa=f"ت۳{tag}")
    t4 = f.make_trainee(msn, gender="m", name_fa=f"ت۴{tag}")
    t5 = f.make_trainee(msn, gender="f", target_group_id=gb, name_fa=f"ت۵{tag}")
    ids.trainees = (t1, t2, t3, t4, t5)
    # E1 waiting → enrolled 5 Oct → withdrawn → enrolled 7 Oct (once); E2 enrolled 30 Sep (no);
    # E3 2 Oct; E4 1 Nov (no); E5 31 Oct; E6 15 Oct.
    e1 = f.make_enrolment(c1, t1, status="waiting")
    f.backdate_audit(Enrolment, e1, utc(9, 20))
    for status, at in (("enrolled", utc(10, 5)), ("withdrawn", utc(10, 6)), ("enrolled", utc(10, 7))):
        f.set_status_at(Enrolment, e1, status, at)
    dated = {}
    for key, course, trainee, at in (("e2", c1, t2, utc(9, 30)), ("e3", c2, t3, utc(10, 2)),
                                     ("e4", c2, t4, utc(11, 1)), ("e5", c2, t5, utc(10, 31)),
                                     ("e6", c2, t2, utc(10, 15))):
        dated[key] = f.make_enrolment(course, trainee)
        f.backdate_audit(Enrolment, dated[key], at)
    # Certificates: E1 20 Oct (yes); E3 25 Oct revoked 28 Oct (no); E5 26 Oct revoked 3 Nov (yes);
    # E2 1 Nov (no); E6 (KHZ trainee) 21:00 UTC 30 Sep = 00:30 Tehran 1 Oct (yes).
    for enrolment, issued, revoked in ((e1, utc(10, 20), None), (dated["e3"], utc(10, 25), utc(10, 28)),
                                       (dated["e5"], utc(10, 26), utc(11, 3)), (dated["e2"], utc(11, 1), None),
                                       (dated["e6"], utc(9, 30, 21), None)):
        db.session.add(Certificate(number=f"P-{tag}-{enrolment}", enrolment_id=enrolment, issued_at=issued,
                                   revoked_at=revoked))
    db.session.commit()

    # Exchanges: A1 KHZ trainer → MSN course, out 10 Oct back 14 Oct: 5 days; A2 MSN → KHZ from 28 Sep to
    # 2 Oct: 2 days in October, left before it; A3 MSN → KHZ from 30 Oct to 3 Nov: 2 days; A4 same side;
    # A5 declined.
    tk, tm = f.make_trainer(khz), f.make_trainer(msn, name_fa=f"مربی میسان{tag}")
    for trainer, course, status, out, back in ((tk, c2, "confirmed", utc(10, 10, 5), utc(10, 14, 15)),
                                               (tm, c1, "completed", utc(9, 28, 6), utc(10, 2, 10)),
                                               (tm, c3, "travelled", utc(10, 30, 6), utc(11, 3)),
                                               (tk, c1, "confirmed", utc(10, 10), utc(10, 12)),
                                               (tk, c4, "declined", utc(10, 10), utc(10, 12))):
        assignment = f.make_assignment(trainer, course, status)
        db.session.execute(update(Assignment).where(Assignment.id == assignment)
                           .values(travel_out_at=out, travel_back_at=back))
    db.session.commit()

    # Curricula: CU1 KHZ offered 2 Oct and again 25 Oct (once), adopted by MSN 20 Oct; CU2 MSN offered
    # 30 Sep (no), adopted by KHZ 1 Nov (no). Translation of CU1 done 15 Oct, of CU2 done 1 Nov (no).
    cu1, cu2 = f.make_curriculum(khz, std), f.make_curriculum(msn, std)
    for curriculum, side, step, at in ((cu1.id, khz, "offered", utc(10, 2)), (cu1.id, msn, "adopted", utc(10, 20)),
                                       (cu1.id, khz, "offered", utc(10, 25)), (cu2.id, msn, "offered", utc(9, 30)),
                                       (cu2.id, khz, "adopted", utc(11, 1))):
        f.make_share(curriculum, side, step, at)
    f.set_status_at(TranslationTask, cu1.task, "done", utc(10, 15))
    f.set_status_at(TranslationTask, cu2.task, "done", utc(11, 1))

    # Equipment: bookings B1 3 Oct (yes), B2 30 Sep (no), B3 31 Oct cancelled since (yes).
    # Transfers: I1 out since 5 Oct, due back 20 Oct (abroad, overdue); I2 out 1 Sep–15 Oct then again from
    # 20 Oct, due 31 Oct, returned 2 Nov (abroad, not overdue); I3 out 30 Oct due 15 Nov (abroad).
    i1, i2, i3 = f.make_dated_item(khz, ck), f.make_dated_item(khz, ck), f.make_dated_item(msn, cm)
    f.make_dated_booking(i1, msn, utc(10, 3))
    f.make_dated_booking(i3, msn, utc(9, 30))
    f.make_dated_booking(i3, khz, utc(10, 31), cancelled=True)
    f.make_dated_transfer(i1, msn, date(2026, 10, 5), date(2026, 10, 20))
    f.make_dated_transfer(i2, msn, date(2026, 9, 1), date(2026, 10, 1), date(2026, 10, 15))
    f.make_dated_transfer(i2, msn, date(2026, 10, 20), date(2026, 10, 31), date(2026, 11, 2))
    f.make_dated_transfer(i3, khz, date(2026, 10, 30), date(2026, 11, 15))

    # Milestones (KHZ unless said): M1 due 10 done 8; M2 due 10 done 12; M3 due 15 open; M4 due 20 Sep done
    # 2 Oct; M5 MSN due 30 Sep open; M6 due 31 Oct open; M7 due 1 Nov open; M8 due and done 30 Sep.
    for side, due, done in ((khz, date(2026, 10, 10), date(2026, 10, 8)), (khz, date(2026, 10, 10), date(2026, 10, 12)),
                            (khz, date(2026, 10, 15), None), (khz, date(2026, 9, 20), date(2026, 10, 2)),
                            (msn, date(2026, 9, 30), None), (khz, date(2026, 10, 31), None),
                            (khz, date(2026, 11, 1), None), (khz, date(2026, 9, 30), date(2026, 9, 30))):
        f.make_dated_milestone(side, due, done)

    # Action items (KHZ unless said): AI1 closed 5 Oct; AI2 due 10 Oct open; AI3 made 10 Oct, due 10 Nov;
    # AI4 made 1 Nov; AI5 MSN due 20 Sep closed 2 Nov; AI6 cancelled 30 Sep.
    meeting = f.make_dated_meeting(khz, utc(9, 1))
    owner = users["liaison_khz"].id
    for side, made, due, closed in ((khz, utc(9, 1), date(2026, 10, 10), date(2026, 10, 5)),
                                    (khz, utc(9, 1), date(2026, 10, 10), None),
                                    (khz, utc(10, 10), date(2026, 11, 10), None),
                                    (khz, utc(11, 1, 8), date(2026, 11, 5), None),
                                    (msn, utc(9, 1), date(2026, 9, 20), date(2026, 11, 2)),
                                    (khz, utc(9, 1), date(2026, 10, 31), date(2026, 9, 30))):
        f.make_dated_action(meeting, owner, side, made, due, closed)

    # Competitions: CP1 KHZ ended 12 Oct: T1 gold, T3 silver, T2 none, T5 bronze; CP2 ended 1 Nov; CP3 30 Sep.
    f.make_results(khz, std, date(2026, 10, 12), {t1: "gold", t3: "silver", t2: None, t5: "bronze"})
    f.make_results(msn, std, date(2026, 11, 1), {t4: "gold"})
    f.make_results(khz, std, date(2026, 9, 30), {t1: "gold"})

    # Study visits: V1 hosted by MSN, KHZ's delegation of one, reported, ended 12 Oct, its follow-up closed 20 Oct;
    # V2 confirmed only (not yet taken place) ending 21 Oct; V3 reported but ended 3 Sep: only V1 counts.
    from coordinator.meetings.models import ActionItem

    traveller = f.make_trainer(khz, name_fa=f"مسافر {tag}")
    v1 = f.make_visit(msn, khz, status="reported", starts_on=date(2026, 10, 10), ends_on=date(2026, 10, 12),
                      delegate_trainer_id=traveller, lesson=True, owner_id=owner)
    action = db.session.get(ActionItem, v1.action)
    action.status, action.closed_on = "done", date(2026, 10, 20)
    db.session.commit()
    f.make_visit(khz, msn, status="confirmed", starts_on=date(2026, 10, 20), ends_on=date(2026, 10, 21))
    f.make_visit(khz, msn, status="reported", starts_on=date(2026, 9, 1), ends_on=date(2026, 9, 3))
    return ids


EXPECTED = {
    "courses.proposed": 2, "courses.approved": 2, "courses.started": 1, "courses.completed": 1,
    "courses.approvals": 3,
    "trainees.enrolled": 4, "trainees.certified": 3,
    "exchanges.assignments": 2, "exchanges.trainer_days": 9,
    "curricula.offered": 1, "curricula.adopted": 1, "curricula.translations_done": 1,
    "equipment.bookings": 2, "equipment.abroad": 3, "equipment.returns_overdue": 1,
    "milestones.reached": 3, "milestones.slipped": 3, "milestones.overdue": 2,
    "action_items.closed": 2, "action_items.open": 3, "action_items.overdue": 2,
    "competitions.held": 1, "competitions.medals": 3,
    "visits.hosted": 1, "visits.made": 1, "visits.travellers": 1, "visits.follow_ups_closed": 1,
}
EXPECTED_KHZ = {
    "courses.proposed": 2, "courses.approved": 1, "courses.started": 0, "courses.completed": 0,
    "courses.approvals": 1,
    "trainees.enrolled": 2, "trainees.certified": 2,
    "exchanges.assignments": 1, "exchanges.trainer_days": 5,
    "curricula.offered": 1, "curricula.adopted": 0, "curricula.translations_done": 1,
    "equipment.bookings": 1, "equipment.abroad": 2, "equipment.returns_overdue": 1,
    "milestones.reached": 3, "milestones.slipped": 3, "milestones.overdue": 1,
    "action_items.closed": 2, "action_items.open": 2, "action_items.overdue": 1,
    "competitions.held": 1, "competitions.medals": 1,
    "visits.hosted": 0, "visits.made": 1, "visits.travellers": 1, "visits.follow_ups_closed": 1,
}


@pytest.fixture
def story(app_ctx, sides, users):
    return build(sides, users)


def test_every_figure_matches_the_hand_count(story):
    report = services.progress(OCT)
    assert {fig.key: fig.value for fig in report.all_figures()} == EXPECTED
    assert [fig.key for fig in report.attention] == [
        "equipment.returns_overdue", "milestones.overdue", "action_items.overdue"]


def test_breakdowns_by_side_gender_target_group_direction_and_medal(story, sides):
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    report = services.progress(OCT)
    value = report.value
    assert (value(f"trainees.enrolled.side-{khz}"), value(f"trainees.enrolled.side-{msn}")) == (2, 2)
    assert (value("trainees.enrolled.gender-f"), value("trainees.enrolled.gender-m")) == (3, 1)
    assert (value(f"trainees.enrolled.group-{story.ga}"), value(f"trainees.enrolled.group-{story.gb}"),
            value("trainees.enrolled.group-none")) == (2, 2, 0)
    assert (value(f"trainees.certified.side-{khz}"), value(f"trainees.certified.side-{msn}")) == (2, 1)
    assert (value("trainees.certified.gender-f"), value("trainees.certified.gender-m")) == (2, 1)
    assert (value(f"trainees.certified.group-{story.ga}"), value(f"trainees.certified.group-{story.gb}")) == (1, 2)
    assert (value(f"courses.approvals.side-{khz}"), value(f"courses.approvals.side-{msn}")) == (1, 2)
    assert value(f"exchanges.assignments.dir-{khz}-{msn}") == 1
    assert value(f"exchanges.assignments.dir-{msn}-{khz}") == 1
    assert value(f"exchanges.trainer_days.dir-{khz}-{msn}") == 5
    assert value(f"exchanges.trainer_days.dir-{msn}-{khz}") == 4
    assert (value(f"competitions.medals.side-{khz}"), value(f"competitions.medals.side-{msn}")) == (1, 2)
    assert [value(f"competitions.medals.medal-{m}") for m in ("gold", "silver", "bronze", "excellence")] == [1, 1, 1, 0]
    assert report.breakdown("trainees.enrolled.by_gender").total == 4


def test_the_side_filter_keeps_one_sides_records(story, sides):
    report = services.progress(Period(OCT.start, OCT.end, sides["KHZ"].id))
    assert {fig.key: fig.value for fig in report.all_figures()} == EXPECTED_KHZ
    assert report.value(f"trainees.enrolled.side-{sides['KHZ'].id}") == 2
    with pytest.raises(KeyError):
        report.value(f"trainees.enrolled.side-{sides['MSN'].id}")


def test_an_empty_period_gives_zeros(story):
    report = services.progress(Period(date(2020, 1, 1), date(2020, 1, 31)))
    assert all(fig.value == 0 for fig in report.all_figures())
    assert all(row.value == 0 for s in report.sections for b in s.breakdowns for row in b.rows)


def test_a_single_day_at_the_edge(story):
    """31 October alone: C4 completed at 23:50 Baghdad, E5 enrolled, B3 booked."""
    report = services.progress(Period(date(2026, 10, 31), date(2026, 10, 31)))
    assert report.value("courses.completed") == 1
    assert report.value("courses.approved") == 0
    assert report.value("trainees.enrolled") == 1
    assert report.value("equipment.bookings") == 1


def test_every_drill_down_lists_the_records_counted(story, sides):
    for period in (OCT, Period(OCT.start, OCT.end, sides["MSN"].id)):
        report = services.progress(period)
        keys = [fig.key for fig in report.all_figures() if fig.unit == "records"]
        keys += [row.key for s in report.sections for b in s.breakdowns if b.unit == "records" for row in b.rows]
        for key in keys:
            listed = db.session.scalars(services.records_for(key, period)).unique().all()
            assert len(listed) == report.value(key), key
    days = db.session.scalars(services.records_for("exchanges.trainer_days", OCT)).unique().all()
    assert len(days) == 3  # the three assignments abroad in October


@pytest.mark.parametrize("key", ["nope", "courses.nope", "courses.approved.side-x", "trainees.enrolled.medal-gold",
                                 "trainees.enrolled.gender-x", "courses.approved;drop", "a.b" * 80,
                                 "courses.approvals.side-99999999999999999999", "courses.approvals.side-0"])
def test_unknown_keys_are_refused(app_ctx, key):
    with pytest.raises(services.UnknownFigure):
        services.records_for(key, OCT)


def _queries(app) -> int:
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    progress_cache.clear()  # count the queries of computing the report, not of serving a kept one
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        services.progress(OCT)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_data(app_ctx, sides, users):
    build(sides, users, "01")
    small = _queries(app_ctx)
    for tag in ("02", "03"):
        build(sides, users, tag)
    assert services.progress(OCT).value("trainees.enrolled") == 12
    assert _queries(app_ctx) == small


def test_the_period_since_the_last_meeting(app_ctx, sides):
    """From the day after the latest meeting held (drafts do not count) to the meeting's day, in the host's
    calendar; the first meeting counts from the programme's earliest record."""
    from coordinator.meetings.models import Meeting
    from coordinator.progress.meetings import period_since_last_meeting, progress_for_meeting

    khz, msn = sides["KHZ"].id, sides["MSN"].id
    f.make_dated_milestone(khz, date(2026, 3, 1))  # the earliest dated record
    first = f.make_dated_meeting(msn, utc(6, 10, 6))
    f.make_dated_meeting(khz, utc(8, 1), status="draft")
    third = f.make_dated_meeting(khz, utc(9, 14, 20, 45))  # 00:15 on 15 September in Tehran
    fourth = f.make_dated_meeting(msn, utc(10, 20), status="open")
    get = db.session.get
    assert period_since_last_meeting(get(Meeting, first.id)) == Period(date(2026, 3, 1), date(2026, 6, 10))
    assert period_since_last_meeting(get(Meeting, third.id)) == Period(date(2026, 6, 11), date(2026, 9, 15))
    period, report = progress_for_meeting(get(Meeting, fourth.id))
    assert period == Period(date(2026, 9, 16), date(2026, 10, 20))
    assert report.period == period


def test_bars_grow_from_the_reading_side():
    from coordinator.progress.chart import WIDTH, bars
    from coordinator.progress.model import Breakdown, BreakdownRow

    breakdown = Breakdown("x.y.by_side", "", (BreakdownRow("x.y.side-1", "a", 4), BreakdownRow("x.y.side-2", "b", 1),
                                             BreakdownRow("x.y.side-3", "c", 0)))
    rtl, ltr = bars(breakdown, rtl=True), bars(breakdown, rtl=False)
    assert [(b.x, b.width) for b in rtl] == [(0.0, WIDTH), (WIDTH - WIDTH / 4, WIDTH / 4), (WIDTH, 0.0)]
    assert [(b.x, b.width) for b in ltr] == [(0.0, WIDTH), (0.0, WIDTH / 4), (0.0, 0.0)]
    assert bars(Breakdown("x.y.by_side", ""), rtl=True) == []
