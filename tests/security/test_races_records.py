"""Rules checked before an insert, on a busy day (threads with their own sessions and connections, on SQLite
and PostgreSQL): version numbers, document names, a document deleted twice, one trainee registered twice,
two milestones made to depend on each other. Each racer reaches the check before the other writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coordinator.agro import services as agro
from coordinator.agro.models import Milestone, Track, milestone_dependencies
from coordinator.auth.models import User
from coordinator.concurrency import conflict_on_duplicate
from coordinator.curricula import services as curricula
from coordinator.curricula import uploads
from coordinator.curricula.models import Curriculum, CurriculumDocument, CurriculumVersion
from coordinator.errors import ConflictError
from coordinator.extensions import db
from coordinator.trainees import services as trainee_services
from coordinator.trainees.models import Trainee
from tests import factories
from tests.security.races import Pause, at_once, race

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def curriculum(app, sides, users):
    with app.app_context():
        return factories.make_curriculum(sides["KHZ"].id, factories.make_standard())


# Curricula -----------------------------------------------------------------------------------------------


def test_two_versions_added_at_once_get_two_numbers(app, curriculum, users, monkeypatch):
    pause = Pause(monkeypatch, curricula, "may_add_version")
    liaison = users["liaison_khz"].id
    for trial in range(3):
        pause.next_trial()

        def add(index):
            return curricula.add_version(db.session.get(Curriculum, curriculum.id), db.session.get(User, liaison),
                                         "fa", f"ویرایش {index}").number

        assert sorted(race(app, add)) == [2 + 2 * trial, 3 + 2 * trial]
    with app.app_context():
        numbers = db.session.scalars(select(CurriculumVersion.number)
                                     .where(CurriculumVersion.curriculum_id == curriculum.id)).all()
    assert sorted(numbers) == list(range(1, 8))


def test_a_broken_unique_rule_is_a_conflict_and_the_request_goes_on(app, curriculum):
    """What gets past a lock meets the unique constraint: a ConflictError (409) with the message, and only the
    savepoint is undone — the rest of the request's work stays and commits."""
    with app.app_context():
        curriculum_row = db.session.get(Curriculum, curriculum.id)
        curriculum_row.description = "kept"
        db.session.flush()
        with pytest.raises(ConflictError) as refused, conflict_on_duplicate("taken", field="language"):
            db.session.add(CurriculumVersion(curriculum_id=curriculum.id, number=1, language="ar"))
            db.session.flush()
        assert (refused.value.status, refused.value.field, str(refused.value)) == (409, "language", "taken")
        db.session.commit()
        assert db.session.get(Curriculum, curriculum.id).description == "kept"
    assert count(app, CurriculumVersion, CurriculumVersion.curriculum_id == curriculum.id) == 1


def test_two_documents_with_one_name_uploaded_at_once_one_is_refused(app, curriculum, users, monkeypatch):
    Pause(monkeypatch, uploads, "check_upload")
    liaison = users["liaison_khz"].id
    folder = Path(app.config["UPLOAD_FOLDER"])
    before = set(folder.iterdir())
    # The same name to a reader: Arabic ي/ك against Persian ی/ک.
    names = ["برنامه کارگاه.pdf", "برنامه كارگاه.pdf"]

    def upload(index):
        version = db.session.get(CurriculumVersion, curriculum.version)
        return curricula.upload_document(version, db.session.get(User, liaison), names[index], PDF).id

    results = race(app, upload)
    assert sum(isinstance(r, int) for r in results) == 1, results
    loser = next(r for r in results if not isinstance(r, int))
    assert isinstance(loser, ConflictError) and loser.field == "file", loser
    assert count(app, CurriculumDocument, CurriculumDocument.version_id == curriculum.version) == 2
    assert len(set(folder.iterdir()) - before) == 1  # the refused upload left no file behind


def test_a_document_deleted_twice_at_once_is_deleted_once_without_an_error(app, curriculum, login, monkeypatch):
    Pause(monkeypatch, curricula, "may_edit_documents")
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        login("liaison.khz", test_client=client)
    url = f"/curricula/documents/{curriculum.document}/delete"

    def click(client):
        response = client.post(url, headers={"Accept-Language": "en"})
        return response.status_code, response.headers.get("Location", "")

    results = at_once(*(lambda c=c: click(c) for c in clients))
    assert [status for status, _ in results] == [302, 302], results
    assert all(location.endswith(f"/curricula/{curriculum.id}") for _, location in results)
    shown = " ".join(c.get(f"/curricula/{curriculum.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
                     for c in clients)
    assert "was already deleted" in shown and "deleted." in shown
    assert count(app, CurriculumDocument) == 0
    # Afterwards the address is simply gone.
    assert clients[0].post(url).status_code == 404


# Trainees ------------------------------------------------------------------------------------------------


TRAINEE = {"name_fa": "فاطمه کعبی", "name_ar": "", "gender": "f", "target_group_ids": [],
           "birth_date": date(2001, 8, 3), "education": "secondary", "phone": "09161234567", "national_id": ""}


@pytest.mark.parametrize("national_id", ["", "0012345678"])
def test_one_trainee_registered_twice_at_once_is_registered_once(app, sides, users, monkeypatch, national_id):
    """A double submit: the second sees the first (the registrations take turns) and is refused as a duplicate,
    even when both ticked "a different person" — a national ID on one side is one person."""
    Pause(monkeypatch, trainee_services, "validate")
    liaison = users["liaison_khz"].id
    values = {**TRAINEE, "side_id": sides["KHZ"].id, "national_id": national_id,
              "different_person": bool(national_id)}

    def register(_index):
        return trainee_services.create_trainee(values, db.session.get(User, liaison)).id

    results = race(app, register)
    assert sum(isinstance(r, int) for r in results) == 1, results
    loser = next(r for r in results if not isinstance(r, int))
    assert isinstance(loser, ConflictError), loser
    assert loser.field == ("national_id" if national_id else "different_person")
    assert count(app, Trainee) == 1


def test_a_national_id_is_one_trainee_per_side(app, sides, users):
    with app.app_context():
        factories.make_trainee(sides["KHZ"].id, national_id="0012345678")
        liaison = db.session.get(User, users["liaison_khz"].id)
        other = {**TRAINEE, "name_fa": "شخص دیگر", "phone": "09990000000", "side_id": sides["KHZ"].id,
                 "national_id": "۰۰۱۲-۳۴۵۶۷۸", "different_person": True}
        with pytest.raises(ConflictError) as refused:
            trainee_services.create_trainee(other, liaison)
        assert refused.value.field == "national_id"
        db.session.rollback()
        # On the other side the same digits may be another country's ID: confirmable, as before.
        admin = db.session.get(User, users["admin"].id)
        trainee_services.create_trainee({**other, "side_id": sides["MSN"].id}, admin)
        db.session.commit()
    assert count(app, Trainee) == 2


def test_an_import_refuses_trainees_registered_since_its_check(app, sides, users):
    with app.app_context():
        liaison = db.session.get(User, users["liaison_khz"].id)
        rows = [{**TRAINEE, "side_id": sides["KHZ"].id}]
        factories.make_trainee(sides["KHZ"].id)  # registered between the check and the import
        with pytest.raises(ConflictError):
            trainee_services.import_trainees(rows, liaison)
        db.session.rollback()
    assert count(app, Trainee) == 1


# Milestones ----------------------------------------------------------------------------------------------


def test_two_milestones_made_to_depend_on_each_other_at_once_make_no_cycle(app, sides, users, monkeypatch):
    with app.app_context():
        track = Track(name_fa="فرآوری خرما", name_ar="تصنيع التمور")
        first = Milestone(track=track, side_id=sides["KHZ"].id, name_fa="الف", name_ar="أ", due_on=date(2027, 3, 1))
        second = Milestone(track=track, side_id=sides["KHZ"].id, name_fa="ب", name_ar="ب", due_on=date(2027, 4, 1))
        db.session.add_all([track, first, second])
        db.session.commit()
        ids = [first.id, second.id]
    Pause(monkeypatch, agro, "check_version")
    admin = users["admin"].id

    def depend(index):
        milestone = db.session.get(Milestone, ids[index])
        values = {"name_fa": milestone.name_fa, "name_ar": milestone.name_ar, "side_id": milestone.side_id,
                  "due_on": milestone.due_on, "status": "planned", "progress": 0,
                  "depends_on_ids": [ids[1 - index]]}
        return agro.update_milestone(milestone, values, milestone.version, db.session.get(User, admin)).id

    results = race(app, depend)
    assert sum(isinstance(r, int) for r in results) == 1, results
    loser = next(r for r in results if not isinstance(r, int))
    assert isinstance(loser, agro.AgroInvalid) and loser.field == "depends_on_ids", loser
    with app.app_context():
        edges = db.session.execute(select(milestone_dependencies)).all()
        assert len(edges) == 1
        # The track stays editable: the milestone that waits can still be saved.
        waiting = db.session.get(Milestone, edges[0].milestone_id)
        agro.update_milestone(waiting, {"name_fa": "تازه", "name_ar": "جديد", "side_id": waiting.side_id,
                                        "due_on": waiting.due_on, "status": "planned", "progress": 0,
                                        "depends_on_ids": [edges[0].depends_on_id]},
                              waiting.version, db.session.get(User, admin))
        db.session.commit()
