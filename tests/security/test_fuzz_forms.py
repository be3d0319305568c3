"""Every form of the app, posted with random Persian, Arabic and Latin text, mixed digits, bidi marks, very long
and hostile strings: never a 500 — either the record is saved (a redirect) or the page says what is wrong."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordinator.exchanges import feed
from coordinator.exchanges.models import Trainer
from coordinator.extensions import db
from tests import factories
from tests.functional.test_access import _url

# Forms on a page of their own (GET shows, POST saves) and forms posted from another page.
FORMS = [
    "admin.new_user", "admin.edit_user", "catalog.create", "catalog.edit", "courses.create", "courses.edit",
    "courses.assessment", "courses.attendance", "courses.add_session", "courses.add_weekly", "courses.enrol",
    "trainees.create", "trainees.edit", "exchanges.trainer_create", "exchanges.trainer_edit",
    "exchanges.course_assignments", "exchanges.unavailability_add", "exchanges.document_add",
    "exchanges.edit_assignment", "curricula.create", "curricula.edit", "curricula.comment",
    "equipment.item_create", "equipment.item_edit", "equipment.booking_add", "equipment.maintenance_add",
    "equipment.transfer_add", "agro.track_create", "agro.track_edit", "agro.milestone_create",
    "agro.milestone_edit", "competitions.create", "competitions.edit", "competitions.participant_add",
    "competitions.results", "meetings.create", "meetings.edit", "meetings.agenda_add", "meetings.agenda_edit",
    "meetings.decision_add", "meetings.decision_edit", "meetings.action_create", "meetings.action_edit",
    "meetings.attendee_add", "auth.preferences", "auth.change_password", "catalog.holiday_add",
    "catalog.holiday_import", "catalog.holiday_copy", "exchanges.assignment_visa",
    "admin.centre_import_file",
    "plan.create", "plan.edit", "plan.course_budget", "plan.trip_budget", "plan.per_diem_rates",
    "meetings.series_list", "plan.line_edit", "signatories.edit", "exchanges.group_trip_edit",
    "exchanges.group_traveller",
    "visits.create", "visits.edit", "visits.step", "visits.place_add", "visits.day_add", "visits.delegate_add",
    "visits.lesson_add", "visits.follow_up_add", "visits.part_edit", "visits.delegate_visa",
]

MARKS = "\u200f\u200e\u061c\u200c\u200d\u202b\u202c\u0640"
ALPHABET = st.sampled_from(
    list("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩/-.,٫٬:+ ") + list(MARKS)
    + list("آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةءأإؤئ") + list("abcXYZ<>'\"&;%_\\")
)
HOSTILE = [
    "", " ", "۱۴۰۵/۰۹/۰۵", "1405/09/05", "٢٠٢٦/١١/٢٦", "2026-11-26", "26/11/2026", "1405/12/30", "2026/02/30",
    "\u200f۱۲\u200e", "-1", "0", "99999999999999999999999", "1e5", "NaN", "Infinity", "۱۲٫۵", "12,5",
    "<script>alert(1)</script>", "' OR 1=1 --", "\"><img src=x onerror=alert(1)>", "../../etc/passwd",
    "{{ 7*7 }}", "%(x)s", "a" * 5000, "ي" * 300, "\u202e\u202b", "\x00", "line\r\nbreak", "𝒜😀",
]
TEXT = st.one_of(st.text(ALPHABET, max_size=40), st.sampled_from(HOSTILE), st.text(max_size=30),
                 st.integers(-10**6, 10**12).map(str))


class FormReader(HTMLParser):
    """The fields of the form posting to one URL: name → current value and offered options."""

    def __init__(self, action: str, page: str) -> None:
        super().__init__()
        self.action, self.page, self.inside, self.found = action, page, False, False
        self.fields: dict[str, dict] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = (attrs.get("action") or self.page).split("#")[0]
            self.inside = action == self.action and (attrs.get("method") or "").lower() == "post"
            self.found |= self.inside
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag in ("input", "textarea"):
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            field = self.fields.setdefault(attrs["name"], {"value": attrs.get("value", ""), "options": []})
            if kind in ("checkbox", "radio"):
                field["options"].append(attrs.get("value", "y"))
        elif tag == "select":
            self._select = self.fields.setdefault(attrs["name"], {"value": "", "options": []})
        elif tag == "option" and self._select is not None and attrs.get("value"):
            self._select["options"].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None


def page_for(app, url: str) -> str:
    """The page showing the form that posts to `url`: itself, or the nearest page above it."""
    adapter = app.url_map.bind("localhost")
    path = url
    while path:
        try:
            adapter.match(path, method="GET")
            return path
        except Exception:  # noqa: BLE001 (no GET here: try the parent path)
            path = path.rstrip("/").rsplit("/", 1)[0]
    return "/"


@pytest.fixture
def world(app, sides, users):
    """One record of every kind, in Maysan, as the access table builds them; returns the URL of each form."""
    with app.app_context():
        centre_id = factories.make_centre(sides["MSN"].id)
        course_id = factories.make_course(centre_id, factories.make_standard(), status="proposed")
        session_id = factories.make_session(course_id)
        trainee_id = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="زينب الساعدي")
        enrolment_id = factories.make_enrolment(course_id, trainee_id, status="completed")
        number = factories.make_certificate(enrolment_id)
        trainer_id = factories.make_trainer(sides["MSN"].id, user_id=users["trainer_msn"].id)
        assignment_id = factories.make_assignment(trainer_id, course_id)
        trainer = db.session.get(Trainer, trainer_id)
        doc_id, period_id = trainer.documents[0].id, trainer.unavailability[0].id
        token = feed.new_token(trainer)
        db.session.commit()
        curriculum = factories.make_curriculum(sides["MSN"].id, factories.make_standard("6113-01"),
                                               users["trainer_msn"].id)
        area = factories.make_area_records(sides["MSN"].id, centre_id, factories.make_standard("7531-01"),
                                           trainee_id)
        meeting = factories.make_meeting_records(sides["MSN"].id, users["trainer_msn"].id,
                                                 users["manager_khz"].id)
        target = factories.make_plan_target(sides["MSN"].id)
        line = factories.make_budget_line(course_id, sides["KHZ"].id)
        trip, traveller = factories.make_group_trip(course_id, sides["KHZ"].id)
        # A guest-side trainer in the delegation: its post and visa forms are on the page.
        visit = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, delegate_trainer_id=factories.make_trainer(
            sides["KHZ"].id, name_fa="رضا موسوی"))
    ids = {"centre": centre_id, "user": users["trainer_msn"].id, "course": course_id, "session": session_id,
           "enrolment": enrolment_id, "number": number, "trainee": trainee_id, "trainer": trainer_id,
           "doc": doc_id, "period": period_id, "assignment": assignment_id, "token": token,
           "curriculum": curriculum, "area": area, "meeting": meeting, "target": target,
           "line": line, "side": sides["MSN"].id, "trip": trip, "traveller": traveller, "visit": visit}
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    return {endpoint: _url(app, rules[endpoint], ids) for endpoint in FORMS if endpoint in rules}


# Forms shown only in some states (no loan under way, trainees found by a search): posted blind with these.
FALLBACK_FIELDS = ("name_fa", "name_ar", "trainee_id", "to_side_id", "user_id", "day", "start_date", "end_date",
                   "due_on", "text_fa", "text_ar", "title_fa", "title_ar", "notes", "version")
# The visa form shows on trips abroad only; the fuzz world's assignment is at home. A visit's lessons and
# follow-ups are written once it has taken place; the fuzz world's visit is proposed.
CONDITIONAL_FORMS = {"equipment.transfer_add", "competitions.participant_add", "courses.enrol",
                     "exchanges.assignment_visa", "visits.lesson_add", "visits.follow_up_add"}
# Forms on a page that is not the parent path of where they post.
PAGES = {"meetings.decision_add": lambda world: world["meetings.edit"].removesuffix("/edit"),
         "plan.create": lambda world: "/plan/"}
ERROR_MARK = re.compile(r'class="(error|flash[^"]*error[^"]*|has-error[^"]*|[^"]*error-page)"|role="alert"')


@pytest.mark.parametrize("endpoint", FORMS)
def test_random_input_never_breaks_a_form(app, world, login, client, endpoint):
    if endpoint not in world:
        pytest.skip(f"{endpoint} is not a route of this app")
    url = world[endpoint]
    login("admin")
    page_url = PAGES[endpoint](world) if endpoint in PAGES else page_for(app, url)
    page = client.get(page_url)
    reader = FormReader(url, page_url)
    reader.feed(page.get_data(as_text=True))
    assert reader.found or endpoint in CONDITIONAL_FORMS, f"no form posting to {url} on {page_url}"
    if reader.found:
        fields = {name: info for name, info in reader.fields.items() if name != "csrf_token"}
    else:
        fields = {name: {"value": "", "options": []} for name in FALLBACK_FIELDS}

    def check(data):
        response = client.post(url, data=data)
        body = response.get_data(as_text=True)
        assert response.status_code < 500, (endpoint, data, body[-2000:])
        if response.status_code in (400, 409, 422) and reader.found:
            assert ERROR_MARK.search(body), (endpoint, data, response.status_code)

    for hostile in HOSTILE:  # every field at once with each known troublemaker, every run
        check({name: hostile for name in fields})

    def value_for(info):
        choices = [st.just(info["value"]), TEXT]
        if info["options"]:
            choices.append(st.sampled_from(info["options"]))
        return st.one_of(*choices)

    @settings(max_examples=4, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.fixed_dictionaries({name: value_for(info) for name, info in fields.items()}))
    def post(data):
        check(data)

    post()
