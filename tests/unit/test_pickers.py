"""Pickers by what people know: codes in any digits, names in either script (folded), never an internal id;
one match links, several are offered back by code and name, none is refused with what was typed."""

from __future__ import annotations

from datetime import date

import pytest

from coordinator.auth.models import User
from coordinator.courses.models import Course
from coordinator.errors import InvalidValues
from coordinator.extensions import db
from coordinator.l10n.text import drop_bidi_controls
from coordinator.meetings import agenda, pickers
from coordinator.meetings.models import AgendaItem, Meeting
from tests import factories as f


@pytest.fixture
def records(app_ctx, sides, users):
    msn, khz = sides["MSN"].id, sides["KHZ"].id
    std = f.make_standard()
    centre = f.make_centre(msn, name_fa="مرکز العماره", name_ar="مركز العمارة")
    welding = f.make_course(centre, std, name_fa="دوره مشترک جوشکاری", name_ar="دورة اللحام المشتركة")
    dates = f.make_course(centre, std, name_fa="فرآوری خرما و بسته‌بندی", name_ar="تصنيع التمور وتعبئتها")
    db.session.get(Course, welding).code = "JC-2027-0004"  # through the ORM: the search key follows
    db.session.get(Course, dates).code = "JC-2027-0005"
    db.session.commit()
    trainer = f.make_trainer(khz, name_fa="حمید دشتی")
    assignment = f.make_assignment(trainer, welding)
    area = f.make_area_records(msn, centre, f.make_standard("7531-01"), f.make_trainee(msn))
    return {"welding": welding, "dates": dates, "assignment": assignment, "area": area, "users": users}


def _ids(kind, text):
    return [r.id for r in pickers.find(kind, text)]


def test_a_course_by_its_code_in_any_digits_and_case(records):
    for typed in ("JC-2027-0004", "jc-2027-0004", "JC-۲۰۲۷-۰۰۰۴", "JC-٢٠٢٧-٠٠٠٤", "  JC-2027-0004 "):
        assert _ids("course", typed) == [records["welding"]], typed


def test_a_course_by_its_name_in_either_script(records):
    assert _ids("course", "جوشکاری") == [records["welding"]]
    assert _ids("course", "اللحام") == [records["welding"]]
    # Arabic ي and ك typed for a Persian name: folded alike.
    assert _ids("course", "فرآوري خرما") == [records["dates"]]
    assert _ids("course", "التمور") == [records["dates"]]
    assert sorted(_ids("course", "JC-2027")) == sorted([records["welding"], records["dates"]])
    assert _ids("course", str(records["welding"])) == []  # an internal id names nothing


def test_other_kinds_by_what_people_know(records):
    assert _ids("assignment", "JC-۲۰۲۷-۰۰۰۴") == [records["assignment"]]
    assert _ids("assignment", "دشتي") == [records["assignment"]]  # the trainer, with an Arabic ي
    assert _ids("milestone", "کارگاه") == [records["area"].milestone]
    assert _ids("booking", "فرز التمور") == [records["area"].booking]  # the equipment's Arabic name
    assert _ids("curriculum", "") == []


def _values(**extra):
    return {"name_fa": "پیگیری", "name_ar": "متابعة", "due_on": date(2027, 1, 15), "status": "open"} | extra


def test_the_action_item_links_the_one_match_and_explains_the_rest(records, sides):
    admin = db.session.get(User, records["users"]["admin"].id)
    meeting = db.session.get(Meeting, f.make_meeting(sides["MSN"].id, status="open"))
    item = AgendaItem(meeting=meeting, position=1, name_fa="دوره‌ها", name_ar="الدورات")
    db.session.add(item)
    db.session.commit()
    owner = {"owner_id": records["users"]["liaison_msn"].id}
    with pytest.raises(InvalidValues) as error:
        agenda.add_action_item(item, _values(link_kind="course", link_ref="JC-2027", **owner), admin)
    message = drop_bidi_controls(str(error.value.problems[0].message))  # codes and typed text are isolated
    assert message.startswith("Several match “JC-2027”: ") and "JC-2027-0004 " in message and "JC-2027-0005 " in message
    with pytest.raises(InvalidValues) as error:
        agenda.add_action_item(item, _values(link_kind="course", link_ref="نجاری", **owner), admin)
    assert drop_bidi_controls(str(error.value.problems[0].message)).startswith("No joint course matches “نجاری”")
    action = agenda.add_action_item(item, _values(link_kind="course", link_ref="jc-۲۰۲۷-۰۰۰۵", **owner), admin)
    assert action.course_id == records["dates"]
    # Saved again with the label the edit form shows: the same course stays linked.
    shown = pickers.label("course", action.course)
    agenda.update_action_item(action, _values(link_kind="course", link_ref=shown, **owner), action.version, admin)
    assert action.course_id == records["dates"]
