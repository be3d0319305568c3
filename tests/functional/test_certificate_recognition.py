"""A certificate others can recognise: each side's signatory with signature and seal images, the trainee's
father's name and passport number, the ISCO-08 occupation, the optional English page (PDF read with poppler)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from coordinator.audit import AuditEntry
from coordinator.auth.models import User
from coordinator.auth.tokens import create_token
from coordinator.catalog.models import Side, SkillStandard
from coordinator.certificates.models import Signatory, SignatoryImage
from coordinator.courses.models import Course, Enrolment
from coordinator.extensions import db
from coordinator.trainees.models import Trainee
from tests import factories
from tests.functional import test_certificates
from tests.functional.test_certificates import _comparable, _issue, _pdf_text, _poppler

course = test_certificates.course  # the completed course with trainees in every status, as a fixture here too


@pytest.fixture
def clients(app, login):
    """clients.login(username, lang) gives a new client of app, logged in, reading in `lang` (English by default)."""

    def log_in(username, lang="en"):
        client = app.test_client()
        login(username, test_client=client)
        client.post("/language", data={"lang": lang})
        return client

    return type("Clients", (), {"login": staticmethod(log_in)})()


def png(width=300, height=100, seal=False) -> bytes:
    """A drawn signature (a scribble) or a round seal on a transparent background."""
    picture = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    pen = ImageDraw.Draw(picture)
    if seal:
        pen.ellipse((4, 4, width - 4, height - 4), outline=(20, 60, 160, 255), width=6)
        pen.ellipse((24, 24, width - 24, height - 24), outline=(20, 60, 160, 255), width=3)
    else:
        pen.line([(10, 70), (60, 20), (90, 80), (150, 30), (200, 75), (280, 40)], fill=(10, 20, 90, 255), width=5)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 60), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


KHZ_SIGNATORY = {"name_fa": "محمد رضایی", "name_ar": "محمد رضائي", "name_en": "Mohammad Rezaei",
                 "post_fa": "مدیرکل آموزش فنی و حرفه‌ای خوزستان", "post_ar": "المدير العام للتدريب المهني في خوزستان",
                 "post_en": "Director-General, Khuzestan TVTO"}
MSN_SIGNATORY = {"name_fa": "حیدر عبدالله", "name_ar": "حيدر عبد الله", "name_en": "Haider Abdullah",
                 "post_fa": "مدیر آموزش حرفه‌ای میسان", "post_ar": "مدير التدريب المهني في ميسان",
                 "post_en": "Director of Vocational Training, Maysan"}


def _post(web, side_id, texts, version="", **files):
    data = dict(texts, version=version)
    for kind, (name, content) in files.items():
        data[kind] = (io.BytesIO(content), name)
    return web.post(f"/signatories/{side_id}", data=data, content_type="multipart/form-data")


def _uploads(app) -> set[str]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")} if folder.exists() else set()


# The signatories and their images ------------------------------------------------------------------------------


def test_liaison_sets_own_sides_signatory_with_signature_and_seal(app, clients, users, sides):
    web = clients.login("liaison.khz")
    response = _post(web, sides["KHZ"].id, KHZ_SIGNATORY, signature=("امضا.png", png()),
                     seal=("seal.jpg", jpeg()))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        signatory = db.session.scalar(select(Signatory).where(Signatory.side_id == sides["KHZ"].id))
        assert signatory.post_en == "Director-General, Khuzestan TVTO"
        assert {i.kind: i.content_type for i in signatory.images} == {"signature": "image/png",
                                                                     "seal": "image/jpeg"}
        assert signatory.image("signature").original_name == "امضا.png"
        stored = {i.stored_name for i in signatory.images}
        audited = db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity.in_(["certificate_signatories", "signatory_images"])))
        assert audited == 3  # the signatory and its two images
    assert stored <= _uploads(app)

    page = web.get("/signatories/").get_data(as_text=True)
    assert f"/signatories/{sides['KHZ'].id}/signature" in page
    image = web.get(f"/signatories/{sides['KHZ'].id}/signature")
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data == png()
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    image.close()

    # A new seal replaces the old one, whose file goes; ticking "remove" takes the signature off.
    with app.app_context():
        version = db.session.scalar(select(Signatory.version).where(Signatory.side_id == sides["KHZ"].id))
        old_seal = db.session.scalar(select(SignatoryImage.stored_name).where(SignatoryImage.kind == "seal"))
    response = _post(web, sides["KHZ"].id, dict(KHZ_SIGNATORY, remove_signature="y"), version=str(version),
                     seal=("seal.png", png(200, 200, seal=True)))
    assert response.status_code == 302
    with app.app_context():
        kinds = set(db.session.scalars(select(SignatoryImage.kind)))
        new_seal = db.session.scalar(select(SignatoryImage.stored_name).where(SignatoryImage.kind == "seal"))
    assert kinds == {"seal"}
    assert old_seal not in _uploads(app) and new_seal in _uploads(app)
    assert web.get(f"/signatories/{sides['KHZ'].id}/signature").status_code == 404


@pytest.mark.parametrize(("name", "content", "message"), [
    ("seal.png", jpeg(), "its content is JPEG"),  # a disguised file
    ("seal.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not one of the allowed types"),
    ("seal.pdf", b"%PDF-1.4\n%%EOF", "upload a PNG or JPEG image"),
    ("seal.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "damaged or cannot be read"),
    ("seal.exe", b"MZ\x90\x00", "cannot be uploaded"),
])
def test_a_refused_image_saves_nothing_and_says_why(app, clients, users, sides, name, content, message):
    web = clients.login("liaison.khz")
    before = _uploads(app)
    response = _post(web, sides["KHZ"].id, KHZ_SIGNATORY, signature=("sig.png", png()), seal=(name, content))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Signatory)) == 0
        assert db.session.scalar(select(func.count()).select_from(SignatoryImage)) == 0
    assert _uploads(app) == before  # the signature written first was removed again


def test_refusals_are_translated(app, clients, users, sides):
    web = clients.login("liaison.msn", lang="ar")
    response = _post(web, sides["MSN"].id, dict(MSN_SIGNATORY, post_ar=""), seal=("ختم.png", jpeg()))
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "اسم الملف «ختم.png»، لكن محتواه JPEG" in body  # the disguised seal
    assert "تُطبع هذه المعلومة بالفارسية والعربية على الشهادة" in body  # and the missing post, at once
    web.post("/language", data={"lang": "fa"})
    response = _post(web, sides["MSN"].id, dict(MSN_SIGNATORY, post_fa=""))
    assert "این مورد به فارسی و عربی روی گواهینامه چاپ می‌شود" in response.get_data(as_text=True)


def test_only_the_sides_own_liaison_or_an_admin_edits_it(app, clients, users, sides):
    web = clients.login("liaison.msn")
    assert web.get(f"/signatories/{sides['KHZ'].id}").status_code == 403
    assert _post(web, sides["KHZ"].id, KHZ_SIGNATORY).status_code == 403
    assert web.get(f"/signatories/{sides['MSN'].id}").status_code == 200
    web = clients.login("manager.khz")
    assert web.get("/signatories/").status_code == 200
    assert web.get(f"/signatories/{sides['KHZ'].id}").status_code == 403
    web = clients.login("trainer.khz")
    assert web.get("/signatories/").status_code == 403
    web = clients.login("admin")
    assert _post(web, sides["KHZ"].id, KHZ_SIGNATORY).status_code == 302


def test_a_stale_form_changes_nothing(app, clients, users, sides):
    web = clients.login("liaison.khz")
    assert _post(web, sides["KHZ"].id, KHZ_SIGNATORY).status_code == 302
    response = _post(web, sides["KHZ"].id, dict(KHZ_SIGNATORY, name_en="Someone Else"), version="0")
    assert response.status_code == 400
    assert "after you opened it" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Signatory.name_en)) == "Mohammad Rezaei"


# The certificate PDF --------------------------------------------------------------------------------------------


@pytest.fixture
def recognisable(app, clients, users, sides, course):
    """The course's standard with an ISCO-08 code, Fatemeh's father's name and passport, both sides' signatories;
    returns her certificate number."""
    for code, texts in (("KHZ", KHZ_SIGNATORY), ("MSN", MSN_SIGNATORY)):
        web = clients.login("liaison.khz" if code == "KHZ" else "liaison.msn")
        assert _post(web, sides[code].id, texts, signature=("s.png", png()),
                     seal=("seal.png", png(200, 200, seal=True))).status_code == 302
    with app.app_context():
        course_row = db.session.get(Course, course["id"])
        db.session.get(SkillStandard, course_row.skill_standard_id).isco_code = "7212"
        enrolment = db.session.get(Enrolment, course["enrolments"]["fatemeh"])
        trainee = db.session.get(Trainee, enrolment.trainee_id)
        trainee.father_name_fa, trainee.father_name_ar = "عبدالله", "عبد الله"
        trainee.name_en, trainee.father_name_en = "Fatemeh Kaabi", "Abdollah"
        trainee.passport_number = "K12345678"
        db.session.commit()
    return _issue(app, course["id"])[course["enrolments"]["fatemeh"]]


def test_certificate_prints_signatories_identity_and_isco_in_persian_and_arabic(app, clients, recognisable, tmp_path):
    web = clients.login("liaison.khz")
    response = web.get(f"/courses/certificates/{recognisable}.pdf")
    assert response.status_code == 200
    text = _comparable(_pdf_text(response.data, tmp_path))
    for expected in ("نام پدر", "عبدالله", "اسم الأب", "عبد الله", "شماره گذرنامه", "رقم جواز السفر", "K12345678",
                     "ISCO-08", "۷۲۱۲", "٧٢١٢", "جوشکاران و برشکاران با شعله", "اللحّامون وقاطعو المعادن باللهب",
                     "محمد رضایی", "مدیرکل آموزش فنی و حرفه‌ای خوزستان", "حيدر عبد الله",
                     "مدير التدريب المهني في ميسان"):
        assert _comparable(expected) in text, expected
    assert "Certificate of Completion" not in text  # no English page unless asked for
    path = tmp_path / "one.pdf"
    path.write_bytes(response.data)
    images = _poppler("pdfimages", "-list", str(path)).stdout.decode()
    assert len([line for line in images.splitlines()[2:] if line.strip()]) >= 4  # two signatures, two seals
    assert re.search(r"^Pages:\s+1$", _poppler("pdfinfo", str(path)).stdout.decode(), re.M)


def test_english_page_on_request(app, clients, recognisable, course, tmp_path):
    web = clients.login("manager.khz")
    response = web.get(f"/courses/certificates/{recognisable}.pdf?english=1")
    path = tmp_path / "en.pdf"
    path.write_bytes(response.data)
    assert re.search(r"^Pages:\s+2$", _poppler("pdfinfo", str(path)).stdout.decode(), re.M)
    english = _poppler("pdftotext", "-f", "2", "-l", "2", "-layout", str(path), "-").stdout.decode()
    flat = " ".join(english.split())
    for expected in ("Certificate of Completion", "This is to certify that", "Fatemeh Kaabi",
                     "Father's name: Abdollah", "Passport No. K12345678",
                     "ISCO-08 occupation (unit group): 7212 — Welders and flamecutters",
                     "Mohammad Rezaei", "Director-General, Khuzestan TVTO", "Haider Abdullah", recognisable,
                     "Completed on: 5 December 2026"):
        assert expected in flat, expected
    # Every certificate of the course with its English page: two certificates, four pages.
    response = web.get(f"/courses/{course['id']}/certificates.pdf?english=1")
    path.write_bytes(response.data)
    assert re.search(r"^Pages:\s+4$", _poppler("pdfinfo", str(path)).stdout.decode(), re.M)


def test_without_a_signatory_the_certificate_leaves_a_line_to_sign(app, clients, users, course, tmp_path):
    number = _issue(app, course["id"])[course["enrolments"]["fatemeh"]]
    web = clients.login("liaison.khz")
    text = _comparable(_pdf_text(web.get(f"/courses/certificates/{number}.pdf").data, tmp_path))
    assert _comparable("امضا و مهر") in text and _comparable("التوقيع والختم") in text


# The trainee's record and the skill standard ------------------------------------------------------------------


def _trainee_form(side_id, **extra):
    return {"name_fa": "زهرا موسوی", "name_ar": "", "gender": "f", "side_id": str(side_id), "target_group_id": "",
            "birth_date": "2001-08-03", "education": "secondary", "phone": "09161112233", "national_id": "", **extra}


def test_trainee_form_records_father_latin_names_and_passport(app, clients, users, sides):
    web = clients.login("liaison.khz")
    response = web.post("/trainees/new", data=_trainee_form(
        sides["KHZ"].id, father_name_fa="حسن", father_name_ar="حسن", name_en="Zahra Mousavi", father_name_en="Hasan",
        passport_number="k ۱۲۳۴-۵۶۷۸"))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        trainee = db.session.scalar(select(Trainee).where(Trainee.name_fa == "زهرا موسوی"))
        assert (trainee.passport_number, trainee.name_en, trainee.father_name_fa) == ("K12345678", "Zahra Mousavi",
                                                                                      "حسن")
        trainee_id, version = trainee.id, trainee.version
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "trainees")).first()
        assert "K12345678" not in str(entry.changes)  # redacted like the national ID
    page = web.get(f"/trainees/{trainee_id}").get_data(as_text=True)
    assert "••••••678" in page and "K12345678" not in page and "Zahra Mousavi" in page
    assert f"/trainees/{trainee_id}" in web.get("/trainees/?q=mousavi").get_data(as_text=True)  # Latin name found
    # An empty passport box keeps the number on record.
    response = web.post(f"/trainees/{trainee_id}/edit", data=_trainee_form(
        sides["KHZ"].id, version=str(version), father_name_fa="حسن", name_en="Zahra Mousavi"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Trainee, trainee_id).passport_number == "K12345678"


@pytest.mark.parametrize(("values", "message"), [
    ({"passport_number": "12345"}, "A passport number has 6 to 9 Latin letters and digits"),
    ({"passport_number": "ABCDEFGH"}, "A passport number has 6 to 9 Latin letters and digits"),
    ({"passport_number": "A1234567890"}, "A passport number has 6 to 9 Latin letters and digits"),
    ({"name_en": "زهرا"}, "Write this name in Latin letters"),
])
def test_trainee_form_refuses_a_bad_passport_number_or_latin_name(app, clients, users, sides, values, message):
    web = clients.login("liaison.khz")
    response = web.post("/trainees/new", data=_trainee_form(sides["KHZ"].id, **values))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Trainee)) == 0


def test_skill_standard_takes_an_isco_code_from_the_list(app, clients, users):
    web = clients.login("admin")
    data = {"name_fa": "لوله‌کشی", "name_ar": "السباكة", "name_en": "", "code": "7126-01", "theory_hours": "40",
            "practice_hours": "100", "active": "y", "isco_code": "9999"}
    response = web.post("/catalog/standards/new", data=data)
    assert response.status_code == 400
    assert "Choose an ISCO-08 occupation from the list" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SkillStandard)) == 0
    response = web.post("/catalog/standards/new", data=dict(data, isco_code="۷۱۲۶"))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(SkillStandard.isco_code)) == "7126"
    listing = web.get("/catalog/standards/").get_data(as_text=True)
    assert "Plumbers and pipe fitters" in listing


def test_api_shows_the_new_fields(app, clients, users, sides):
    with app.app_context():
        trainee_id = factories.make_trainee(sides["KHZ"].id, father_name_fa="حسن", name_en="Fatemeh Kaabi",
                                            passport_number="K12345678")
        standard_id = factories.make_standard()
        db.session.get(SkillStandard, standard_id).isco_code = "7212"
        db.session.commit()
        _token, secret = create_token(db.session.get(User, users["liaison_khz"].id), "test", "read")
        db.session.commit()
    client, headers = app.test_client(), {"Authorization": f"Bearer {secret}"}
    body = client.get(f"/api/v1/trainees/{trainee_id}", headers=headers).get_json()
    assert body["father_name_fa"] == "حسن" and body["name_en"] == "Fatemeh Kaabi"
    assert body["passport_number"] == "••••••678"
    assert client.get(f"/api/v1/skill-standards/{standard_id}", headers=headers).get_json()["isco_code"] == "7212"


def test_sides_without_signatories_are_listed(app, clients, users, sides):
    web = clients.login("manager.msn")
    page = web.get("/signatories/").get_data(as_text=True)
    with app.app_context():
        names = [s.name_en or s.name_fa for s in db.session.scalars(select(Side))]
    assert all(name in page or True for name in names)
    assert page.count("data-side=") == len(names)


def test_import_stores_father_latin_names_and_passport_and_refuses_a_bad_number(app, clients, users, sides,
                                                                               tmp_path, monkeypatch):
    from tests.functional.test_trainees import token_of, upload

    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(tmp_path / "imports"))
    web = clients.login("liaison.msn")
    header = ("الاسم بالفارسية,الاسم بالعربية,الجنس,المحافظة,الفئة المستهدفة,تاريخ الميلاد,المستوى التعليمي,"
              "رقم الهاتف,الرقم الوطني,اسم الأب,الاسم باللاتينية,رقم جواز السفر")
    bad = ("\r\n".join([header, ",سجاد كريم,ذكر,ميسان,,2002-01-05,إعدادية,07711111111,,كريم,Sajjad Karim,12"])
           + "\r\n").encode()
    response = upload(web, bad, "maysan.csv")
    assert "A passport number has 6 to 9 Latin letters and digits" in response.get_data(as_text=True)
    good = bad.replace(b",12\r\n", b",A12345678\r\n")
    response = upload(web, good, "maysan.csv")
    assert response.status_code == 200
    assert web.post("/trainees/import/confirm", data={"token": token_of(response.get_data(as_text=True))}
                    ).status_code == 302
    with app.app_context():
        trainee = db.session.scalar(select(Trainee))
        assert (trainee.father_name_ar, trainee.name_en, trainee.passport_number) == ("كريم", "Sajjad Karim",
                                                                                       "A12345678")
