"""Curricula: permissions, versions, uploads good and bad, downloads, sharing, comments, translation tasks."""

from __future__ import annotations

import io
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from coordinator.curricula.blueprint import bp as curricula_bp
from coordinator.curricula.models import (
    Curriculum,
    CurriculumComment,
    CurriculumDocument,
    CurriculumShare,
    CurriculumVersion,
    TranslationTask,
)
from coordinator.extensions import db
from tests import factories
from tests.unit.test_uploads import DOCX, PDF, PNG, zipped

PERSIAN_NAME = "برنامه درسی.pdf"


@pytest.fixture
def capp(app, app_factory, tmp_path):
    """An app with the curricula pages and its own upload folder (until create_app registers them)."""
    from coordinator.curricula import views  # noqa: F401  (routes join the blueprint)

    made = app_factory(UPLOAD_FOLDER=str(tmp_path / "uploads"), UPLOAD_MAX_MB=1)
    if "curricula" not in made.blueprints:
        made.register_blueprint(curricula_bp)
    return made


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "uploads"


@pytest.fixture
def as_user(capp, users):
    """A logged-in English test client for a role key of factories.ROLE_USERS."""
    def make(key):
        client = capp.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        response = client.post("/login", data={"username": users[key].username, "password": factories.PASSWORD})
        assert response.status_code == 302
        return client

    return make


@pytest.fixture
def curricula(capp, sides, users):
    """A Khuzestan curriculum with version 1 in Persian, and a Maysan one with version 1 in Arabic."""
    with capp.app_context():
        standard = factories.make_standard("7514-02")
        ids = {}
        for key, side, language in (("khz", "KHZ", "fa"), ("msn", "MSN", "ar")):
            curriculum = Curriculum(name_fa=f"فرآوری خرما {key}", name_ar=f"تصنيع التمور {key}",
                                    skill_standard_id=standard, side_id=sides[side].id, description="")
            db.session.add(curriculum)
            db.session.flush()
            version = CurriculumVersion(curriculum_id=curriculum.id, number=1, language=language, change_note="")
            db.session.add(version)
            db.session.commit()
            ids[key] = curriculum.id
            ids[f"{key}_v1"] = version.id
        return ids


def upload(client, version_id, data: bytes, name: str):
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=name)})
    return client.post(f"/curricula/versions/{version_id}/documents", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def count(capp, model, *where) -> int:
    with capp.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


# Curricula and versions ------------------------------------------------------------------------------------


def test_list_search_and_filters(as_user, curricula, sides):
    client = as_user("trainer_khz")
    page = client.get("/curricula/")
    assert page.status_code == 200 and "فرآوری خرما khz" in page.text and "فرآوری خرما msn" in page.text
    only = client.get(f"/curricula/?side={sides['MSN'].id}").text
    assert "فرآوری خرما msn" in only and "فرآوری خرما khz" not in only
    assert "فرآوری خرما khz" not in client.get("/curricula/?language=ar").text
    # Folded search: Arabic spelling finds the Persian-spelled name (ی/ي, ZWNJ).
    assert "فرآوری خرما khz" in client.get("/curricula/?q=فراوري").text


def test_liaison_creates_for_own_side_and_trainer_may_not(capp, as_user, curricula, sides):
    with capp.app_context():
        standard = db.session.scalar(select(Curriculum.skill_standard_id))
    data = {"name_fa": "کشت گلخانه‌ای", "name_ar": "الزراعة المحمية", "skill_standard_id": standard,
            "side_id": sides["KHZ"].id}
    response = as_user("liaison_msn").post("/curricula/new", data=data)
    assert response.status_code == 302
    with capp.app_context():
        made = db.session.scalar(select(Curriculum).where(Curriculum.name_fa == "کشت گلخانه‌ای"))
        assert made.side_id == sides["MSN"].id  # a liaison's curriculum belongs to their side
    assert as_user("trainer_khz").post("/curricula/new", data=data).status_code == 403
    assert as_user("liaison_khz").get(f"/curricula/{made.id}/edit").status_code == 403
    assert as_user("liaison_msn").get(f"/curricula/{made.id}/edit").status_code == 200


def test_edit_refuses_a_stale_form(capp, as_user, curricula):
    client = as_user("liaison_khz")
    with capp.app_context():
        c = db.session.get(Curriculum, curricula["khz"])
        data = {"name_fa": "نام نو", "name_ar": c.name_ar, "skill_standard_id": c.skill_standard_id,
                "version": c.version}
    assert client.post(f"/curricula/{curricula['khz']}/edit", data=data).status_code == 302
    stale = client.post(f"/curricula/{curricula['khz']}/edit", data={**data, "name_fa": "دیگر"})
    assert stale.status_code == 400 and "after you opened it" in stale.text


def test_versions_only_by_the_owner_side(capp, as_user, curricula):
    url = f"/curricula/{curricula['msn']}/versions"
    assert as_user("liaison_khz").post(url, data={"v-language": "ar", "v-change_note": "x"}).status_code == 403
    assert as_user("trainer_msn").post(url, data={"v-language": "ar"}).status_code == 403
    response = as_user("liaison_msn").post(url, data={"v-language": "ar", "v-change_note": "فصل جديد"})
    assert response.status_code == 302
    with capp.app_context():
        numbers = db.session.scalars(select(CurriculumVersion.number)
                                     .where(CurriculumVersion.curriculum_id == curricula["msn"])).all()
        assert sorted(numbers) == [1, 2]
    # A translation must be into another language than its source.
    same = as_user("liaison_msn").post(url, data={"v-language": "ar", "v-source_version_id": curricula["msn_v1"]})
    assert same.status_code == 400 and "another language" in same.text


def test_detail_shows_history(as_user, curricula):
    client = as_user("liaison_khz")
    client.post(f"/curricula/{curricula['khz']}/versions", data={"v-language": "fa", "v-change_note": "n"})
    page = client.get(f"/curricula/{curricula['khz']}")
    assert page.status_code == 200 and "created Curriculum version" in page.text  # the history in words
    assert as_user("manager_msn").get("/curricula/999999").status_code == 404


# Uploads and downloads -------------------------------------------------------------------------------------


def test_upload_and_download_with_the_persian_name(capp, as_user, curricula, folder):
    response = upload(as_user("liaison_khz"), curricula["khz_v1"], PDF, PERSIAN_NAME)
    assert response.status_code == 302
    with capp.app_context():
        document = db.session.scalar(select(CurriculumDocument))
        assert document.original_name == PERSIAN_NAME and document.content_type == "application/pdf"
        assert PERSIAN_NAME not in document.stored_name
        doc_id, stored = document.id, document.stored_name
    assert (folder / stored).read_bytes() == PDF
    # A trainer may read and download, not upload.
    trainer = as_user("trainer_msn")
    got = trainer.get(f"/curricula/documents/{doc_id}")
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    disposition = got.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(PERSIAN_NAME, safe='')}" in disposition
    assert f'filename="document-{doc_id}.pdf"' in disposition
    got.close()
    assert upload(trainer, curricula["khz_v1"], PDF, "x.pdf").status_code == 403
    assert upload(as_user("liaison_msn"), curricula["khz_v1"], PDF, "x.pdf").status_code == 403
    assert count(capp, CurriculumDocument) == 1


def test_download_needs_a_login_and_an_existing_document(capp, as_user, curricula):
    upload(as_user("liaison_khz"), curricula["khz_v1"], PDF, "a.pdf")
    with capp.app_context():
        doc_id = db.session.scalar(select(CurriculumDocument.id))
    anonymous = capp.test_client().get(f"/curricula/documents/{doc_id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert as_user("manager_khz").get("/curricula/documents/424242").status_code == 404


@pytest.mark.parametrize(("data", "name", "status", "message"), [
    (PNG, "photo.pdf", 400, "its content is PNG"),
    (zipped([("readme.txt", "x")]), "plan.docx", 400, "not one of the allowed types"),
    (b"MZ\x90\x00" + b"\x00" * 100, "setup.exe", 400, "cannot be uploaded"),
    (PDF + b"0" * (1024 * 1024), "big.pdf", 413, "larger than 1 MB"),
    (PDF, "\u202e\u200f", 400, "no usable name"),
    (b"", "empty.pdf", 400, "empty"),
])
def test_bad_uploads_get_a_clear_message_and_leave_nothing(capp, as_user, curricula, folder, data, name, status,
                                                           message):
    response = upload(as_user("liaison_khz"), curricula["khz_v1"], data, name)
    assert response.status_code == status
    assert message in response.text
    assert count(capp, CurriculumDocument) == 0
    assert not folder.exists() or list(folder.iterdir()) == []


def test_missing_file_part_is_a_form_error(as_user, curricula):
    client = as_user("liaison_khz")
    response = client.post(f"/curricula/versions/{curricula['khz_v1']}/documents", data={})
    assert response.status_code == 400 and "Choose a file" in response.text


def test_path_in_the_name_is_dropped(capp, as_user, curricula, folder):
    assert upload(as_user("liaison_khz"), curricula["khz_v1"], PDF, "../../windows/برنامه.pdf").status_code == 302
    assert upload(as_user("liaison_khz"), curricula["khz_v1"], DOCX, "../../etc/passwd.docx").status_code == 302
    with capp.app_context():
        names = set(db.session.scalars(select(CurriculumDocument.original_name)))
    assert names == {"برنامه.pdf", "passwd.docx"}
    assert all(p.parent == folder for p in folder.iterdir())


def test_a_name_that_collides_in_the_same_version_is_refused(capp, as_user, curricula, folder):
    client = as_user("liaison_khz")
    assert upload(client, curricula["khz_v1"], PDF, PERSIAN_NAME).status_code == 302
    # The same name typed with the Arabic yeh looks identical: refused, not stored twice.
    second = upload(client, curricula["khz_v1"], PDF + b"v2", "برنامه درسي.pdf")
    assert second.status_code == 409 and "already has a document named" in second.text
    assert count(capp, CurriculumDocument) == 1 and len(list(folder.iterdir())) == 1


def test_delete_removes_row_then_file(capp, as_user, curricula, folder):
    client = as_user("liaison_khz")
    upload(client, curricula["khz_v1"], PDF, "a.pdf")
    with capp.app_context():
        doc_id = db.session.scalar(select(CurriculumDocument.id))
    assert as_user("liaison_msn").post(f"/curricula/documents/{doc_id}/delete").status_code == 403
    assert len(list(folder.iterdir())) == 1
    assert client.post(f"/curricula/documents/{doc_id}/delete").status_code == 302
    assert count(capp, CurriculumDocument) == 0 and list(folder.iterdir()) == []
    assert client.get(f"/curricula/documents/{doc_id}").status_code == 404


def test_body_over_the_app_limit_gets_413(capp, app_factory, as_user, curricula, tmp_path, users):
    small = app_factory(UPLOAD_FOLDER=str(tmp_path / "u2"), MAX_CONTENT_LENGTH=2048)
    if "curricula" not in small.blueprints:
        small.register_blueprint(curricula_bp)
    client = small.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.post("/login", data={"username": users["liaison_khz"].username, "password": factories.PASSWORD})
    response = upload(client, curricula["khz_v1"], PDF + b"0" * 4096, "big.pdf")
    assert response.status_code == 413


# Sharing -----------------------------------------------------------------------------------------------------


def test_sharing_steps_and_refusals(capp, as_user, curricula):
    khz, msn = as_user("liaison_khz"), as_user("liaison_msn")
    url = f"/curricula/{curricula['khz']}/share/"
    early = msn.post(url + "adopted")
    assert early.status_code == 409 and "only while its owner offers it" in early.text
    assert msn.post(url + "offered").status_code == 403
    assert khz.post(url + "requested").status_code == 403
    assert as_user("manager_khz").post(url + "offered").status_code == 403
    assert khz.post(url + "offered", data={"s-note": "برای استان میسان"}).status_code == 302
    assert khz.post(url + "offered").status_code == 409
    assert msn.post(url + "requested").status_code == 302
    assert msn.post(url + "requested").status_code == 409
    assert msn.post(url + "adopted").status_code == 302
    twice = msn.post(url + "adopted")
    assert twice.status_code == 409 and "already adopted" in twice.text
    assert khz.post(url + "withdrawn").status_code == 302
    assert khz.post(url + "withdrawn").status_code == 409
    assert khz.post(url + "nonsense").status_code == 404
    with capp.app_context():
        steps = db.session.scalars(select(CurriculumShare).order_by(CurriculumShare.id)).all()
        assert [s.step for s in steps] == ["offered", "requested", "adopted", "withdrawn"]
        assert all(s.user_id and s.at for s in steps)
        assert steps[0].note == "برای استان میسان"
    page = khz.get(f"/curricula/{curricula['khz']}").text
    assert "Adopted" in page and "Withdrawn" in page


# Comments ----------------------------------------------------------------------------------------------------


def test_comments_with_one_level_of_replies(capp, as_user, curricula, users):
    url = f"/curricula/{curricula['khz']}/comments"
    trainer = as_user("trainer_msn")
    assert trainer.post(url, data={"c-body": "فصل سوم نیاز به بازبینی دارد"}).status_code == 302
    with capp.app_context():
        first = db.session.scalar(select(CurriculumComment.id))
    assert as_user("liaison_khz").post(url, data={"c-body": "باشه", "c-parent_id": first}).status_code == 302
    with capp.app_context():
        reply = db.session.scalar(select(CurriculumComment.id).where(CurriculumComment.parent_id == first))
    assert trainer.post(url, data={"c-body": "شكراً", "c-parent_id": reply}).status_code == 302
    with capp.app_context():
        parents = db.session.scalars(select(CurriculumComment.parent_id).order_by(CurriculumComment.id)).all()
    assert parents == [None, first, first]  # a reply to a reply joins the thread
    assert trainer.post(url, data={"c-body": "   "}).status_code == 400
    assert trainer.post(url, data={"c-body": "x" * 2001}).status_code == 400
    page = trainer.get(f"/curricula/{curricula['khz']}").text
    assert "فصل سوم نیاز به بازبینی دارد" in page and "کاربر liaison.khz" in page


# Translation tasks -------------------------------------------------------------------------------------------


def task_data(curricula, users, **extra):
    due = (date.today() + timedelta(days=30)).strftime("%Y/%m/%d")
    return {"t-source_version_id": curricula["khz_v1"], "t-target_language": "ar",
            "t-translator_id": users["trainer_msn"].id, "t-due_on": due, **extra}


def test_translation_task_workflow(capp, as_user, curricula, users):
    khz, translator = as_user("liaison_khz"), as_user("trainer_msn")
    url = f"/curricula/{curricula['khz']}/tasks"
    assert translator.post(url, data=task_data(curricula, users)).status_code == 403
    same = khz.post(url, data=task_data(curricula, users, **{"t-target_language": "fa"}))
    assert same.status_code == 400 and "another language" in same.text
    past = khz.post(url, data=task_data(curricula, users, **{"t-due_on": "2001/01/01"}))
    assert past.status_code == 400 and "in the past" in past.text
    khz.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert khz.post(url, data=task_data(curricula, users)).status_code == 302
    assert khz.post(url, data=task_data(curricula, users)).status_code == 409
    with capp.app_context():
        task = db.session.scalar(select(TranslationTask))
        task_id = task.id

    def step(client, action, **data):
        with capp.app_context():
            version = db.session.get(TranslationTask, task_id).version
        return client.post(f"/curricula/tasks/{task_id}/{action}", data={"version": version, **data})

    assert step(as_user("trainer_khz"), "start").status_code == 403  # not their task
    assert step(translator, "submit").status_code == 409  # not started yet
    assert step(translator, "start").status_code == 302
    assert step(translator, "submit").status_code == 302
    assert step(translator, "complete").status_code == 403  # the liaisons accept
    assert step(khz, "return").status_code == 302
    assert step(translator, "submit").status_code == 302
    early = step(khz, "complete")
    assert early.status_code == 409 and "Add the translated version first" in early.text
    # The translator adds the Arabic version "translated from" version 1 (allowed by their open task).
    added = translator.post(f"/curricula/{curricula['khz']}/versions",
                            data={"v-language": "ar", "v-source_version_id": curricula["khz_v1"]})
    assert added.status_code == 302
    with capp.app_context():
        result = db.session.scalar(select(CurriculumVersion).where(CurriculumVersion.source_version_id.is_not(None)))
        result_id = result.id
    assert upload(translator, result_id, PDF, "المنهج.pdf").status_code == 302
    stale = khz.post(f"/curricula/tasks/{task_id}/complete", data={"version": 1})
    assert stale.status_code == 409
    assert step(khz, "complete", result_version_id=result_id).status_code == 302
    with capp.app_context():
        task = db.session.get(TranslationTask, task_id)
        assert task.status == "done" and task.result_version_id == result_id
    # Done: the translator's permission to add versions ends with the task.
    late = translator.post(f"/curricula/{curricula['khz']}/versions", data={
        "v-language": "ar", "v-source_version_id": curricula["khz_v1"]})
    assert late.status_code == 403
    page = khz.get(f"/curricula/{curricula['khz']}").text
    assert "translated from version 1" in page and "Translation task" in page


def test_overdue_tasks_are_listed(capp, as_user, curricula, users):
    with capp.app_context():
        db.session.add_all([
            TranslationTask(source_version_id=curricula["khz_v1"], target_language="ar",
                            translator_id=users["trainer_msn"].id, due_on=date.today() - timedelta(days=3),
                            status="in_progress"),
            TranslationTask(source_version_id=curricula["msn_v1"], target_language="fa",
                            translator_id=users["trainer_khz"].id, due_on=date.today() + timedelta(days=30)),
            TranslationTask(source_version_id=curricula["msn_v1"], target_language="en",
                            translator_id=users["trainer_khz"].id, due_on=date.today() - timedelta(days=30),
                            status="done"),
        ])
        db.session.commit()
        from coordinator.curricula.translation import overdue_tasks

        overdue = overdue_tasks(date.today())
        assert [(t.target_language, t.status) for t in overdue] == [("ar", "in_progress")]
    liaison = as_user("liaison_msn")
    page = liaison.get("/curricula/tasks")
    assert page.status_code == 200 and page.text.count("Overdue</span>") == 1
    assert "فرآوری خرما msn" in page.text  # the task that is not overdue is listed too
    only = liaison.get("/curricula/tasks?overdue=1").text
    assert "فرآوری خرما khz" in only and "فرآوری خرما msn" not in only
    # A trainer sees only the tasks assigned to them.
    mine = as_user("trainer_khz").get("/curricula/tasks").text
    assert "فرآوری خرما msn" in mine and "فرآوری خرما khz" not in mine


def test_demo_curricula_load_with_one_overdue_task(app_ctx):
    from coordinator import demo
    from coordinator.curricula.models import Curriculum
    from coordinator.curricula.translation import overdue_tasks

    demo.load()  # the curricula come with the rest of the demo data
    db.session.commit()
    made = db.session.scalars(db.select(Curriculum)).all()
    assert len(made) == 4
    assert [t.target_language for t in overdue_tasks(date.today())] == ["fa"]
