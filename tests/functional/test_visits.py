"""Study visit pages: propose, the list and its filters, the workflow's buttons and who may press them, the
pieces' refusals in the viewer's language, follow-ups among the action items, and the visit report PDF."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from coordinator.extensions import db
from coordinator.visits.models import Visit, VisitDay
from tests import factories
from tests.unit.test_meeting_pdf import comparable, pdf_text


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def login(client):
    def do_login(username: str, lang: str = "en"):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
        response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)

    return do_login


def _form(sides, **changes):
    return {"name_fa": "بازدید از هنرستان‌های کشاورزی", "name_ar": "زيارة المعاهد الزراعية",
            "host_side_id": str(sides["MSN"].id), "guest_side_id": str(sides["KHZ"].id),
            "purpose_fa": "تبادل تجربه", "purpose_ar": "تبادل الخبرات", "starts_on": "2027-04-10",
            "ends_on": "2027-04-12", "host_contacts": "", **changes}


def test_a_liaison_proposes_a_visit_and_finds_it_in_the_list(app, client, sides, users, login):
    login("liaison.khz")
    response = client.post("/visits/new", data=_form(sides))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "زيارة المعاهد الزراعية" in page and "Proposed" in page
    assert "بازدید از هنرستان‌های کشاورزی" in client.get("/visits/").get_data(as_text=True)


def test_a_visit_ending_before_it_starts_is_refused_in_persian(app, client, sides, users, login):
    login("liaison.khz", lang="fa")
    response = client.post("/visits/new", data=_form(sides, starts_on="۱۴۰۶/۰۱/۲۱", ends_on="۱۴۰۶/۰۱/۲۰"))
    assert response.status_code == 400
    assert "بازدید پیش از شروع به پایان می‌رسد" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Visit.id))) == 0


def test_the_list_filters_by_the_side_hosting(app, client, sides, users, login):
    with app.app_context():
        factories.make_visit(sides["MSN"].id, sides["KHZ"].id, name_fa="بازدید از میسان", name_ar="زيارة ميسان")
        factories.make_visit(sides["KHZ"].id, sides["MSN"].id, name_fa="بازدید از خوزستان", name_ar="زيارة خوزستان")
    login("manager.khz")
    hosted = client.get(f"/visits/?side={sides['KHZ'].id}&role=host").get_data(as_text=True)
    assert "1 study visit" in hosted and "بازدید از خوزستان" in hosted and "بازدید از میسان" not in hosted
    made = client.get(f"/visits/?side={sides['KHZ'].id}&role=guest").get_data(as_text=True)
    assert "1 study visit" in made and "بازدید از میسان" in made and "بازدید از خوزستان" not in made
    both = client.get(f"/visits/?side={sides['KHZ'].id}").get_data(as_text=True)
    assert "2 study visits" in both


def test_the_host_accepts_and_the_visiting_side_may_not(app, client, sides, users, login):
    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id)
    login("liaison.khz")
    assert client.post(f"/visits/{ids.visit}/step/accept").status_code == 403
    client.post("/logout")
    login("liaison.msn")
    response = client.post(f"/visits/{ids.visit}/step/accept", follow_redirects=True)
    assert "The visit is now “Accepted by the host”." in response.get_data(as_text=True)
    # Confirming an empty delegation: refused with the reason, the visit stays accepted.
    response = client.post(f"/visits/{ids.visit}/step/confirm")
    assert response.status_code == 409
    assert "The delegation has no members yet" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Visit, ids.visit).status == "accepted"


def test_a_programme_day_outside_the_visit_is_refused_on_the_page(app, client, sides, users, login):
    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id)
    login("liaison.msn", lang="ar")
    response = client.post(f"/visits/{ids.visit}/days", data={"day-day": "2027-04-20", "day-text_ar": "العودة"})
    assert response.status_code == 400
    assert "خارج الزيارة" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(VisitDay.id))) == 1


def test_a_delegate_whose_passport_expires_during_the_visit_is_refused_on_the_page(app, client, sides, users,
                                                                                   login):
    with app.app_context():
        from coordinator.exchanges.models import Trainer

        traveller = factories.make_trainer(sides["KHZ"].id, name_fa="رضا موسوی")
        db.session.get(Trainer, traveller).documents[0].expires_on = date(2027, 4, 11)
        db.session.commit()
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id)
    login("liaison.khz")
    response = client.post(f"/visits/{ids.visit}/delegates", data={"delegate-trainer_id": str(traveller)})
    assert response.status_code == 400
    assert "The passport of رضا موسوی expires on 11 April 2027" in response.get_data(as_text=True)


def test_follow_ups_show_among_the_meetings_action_items(app, client, sides, users, login):
    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, status="took_place", lesson=True)
    login("liaison.khz")
    response = client.post(f"/visits/{ids.visit}/follow-ups", data={
        "follow-lesson_id": str(ids.lesson), "follow-name_fa": "تهیه بانک سؤال", "follow-name_ar": "إعداد بنك الأسئلة",
        "follow-owner_id": str(users["manager_msn"].id), "follow-due_on": "2027-06-01"})
    assert response.status_code == 302
    page = client.get("/meetings/actions").get_data(as_text=True)
    assert "تهیه بانک سؤال" in page or "إعداد بنك الأسئلة" in page
    assert f"/visits/{ids.visit}" in page and "Study visit" in page
    # Someone of neither side: refused on the page, nothing added.
    response = client.post(f"/visits/{ids.visit}/follow-ups", data={
        "follow-lesson_id": str(ids.lesson), "follow-name_fa": "الف", "follow-name_ar": "ب",
        "follow-owner_id": str(users["admin"].id), "follow-due_on": "2027-06-01"})
    assert response.status_code == 400
    assert "is of neither side of the visit" in response.get_data(as_text=True)


def test_a_trainer_lists_only_the_visits_they_travel_on(app, client, sides, users, login):
    with app.app_context():
        mine = factories.make_trainer(sides["KHZ"].id, user_id=users["trainer_khz"].id, name_fa="رضا موسوی")
        factories.make_visit(sides["MSN"].id, sides["KHZ"].id, delegate_trainer_id=mine)
        other = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, name_fa="دیگری", name_ar="أخرى")
    login("trainer.khz")
    assert "1 study visit" in client.get("/visits/").get_data(as_text=True)
    assert client.get(f"/visits/{other.visit}").status_code == 403


def test_the_visit_report_pdf_holds_programme_delegation_lessons_and_follow_ups(app, client, sides, users, login,
                                                                               tmp_path):
    with app.app_context():
        traveller = factories.make_trainer(sides["KHZ"].id, name_fa="رضا موسوی")
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, status="reported", lesson=True,
                                   delegate_trainer_id=traveller, owner_id=users["liaison_khz"].id)
    login("manager.msn")
    response = client.get(f"/visits/{ids.visit}/report.pdf")  # both languages side by side
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    expected = {
        "fa": ("بازدید علمی از مراکز آموزشی", "گزارش بازدید علمی", "بازدید از کارگاه جوشکاری", "رضا موسوی",
               "مدیر مرکز", "کارخانه خرما", "ارزشیابی مهارت", "بانک سؤال", "تهیه بانک سؤال", "فروردین ۱۴۰۶"),
        "ar": ("زيارة علمية إلى مراكز التدريب", "تقرير الزيارة العلمية", "زيارة ورشة اللحام", "مدير المركز",
               "معمل التمور", "تقييم المهارة", "إعداد بنك الأسئلة", "نيسان ٢٠٢٧"),
    }
    for lang, phrases in expected.items():
        response = client.get(f"/visits/{ids.visit}/report.pdf?lang={lang}")
        text = comparable(pdf_text(response.data, tmp_path))
        for phrase in phrases:
            assert comparable(phrase) in text, (lang, phrase)
        assert "Study visit report" not in text


def test_photos_follow_the_upload_rules(app, client, sides, users, login):
    import io

    from coordinator.visits.models import VisitAttachment

    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id)
    login("liaison.khz")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    response = client.post(f"/visits/{ids.visit}/files", data={"file": (io.BytesIO(png), "بازدید کارگاه.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    # A file whose content is not what its name says: refused with the uploads' message, nothing stored.
    response = client.post(f"/visits/{ids.visit}/files", data={"file": (io.BytesIO(png), "گزارش.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "its content is PNG" in response.get_data(as_text=True)
    with app.app_context():
        attachment = db.session.scalar(select(VisitAttachment))
        assert db.session.scalar(select(func.count(VisitAttachment.id))) == 1
        assert attachment.original_name == "بازدید کارگاه.png"
    with client.get(f"/visits/files/{attachment.id}") as download:
        assert download.status_code == 200 and download.data == png
    client.post("/logout")
    login("trainer.msn")
    assert client.get(f"/visits/files/{attachment.id}").status_code == 403


def test_the_other_side_reads_the_proposal_in_its_own_language(app, client, sides, users, login):
    login("liaison.khz")
    assert client.post("/visits/new", data=_form(sides)).status_code == 302
    client.post("/logout")
    login("liaison.msn", lang="ar")
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "اقتُرحت الزيارة العلمية «زيارة المعاهد الزراعية» التي يستضيفها ميسان" in inbox


def test_the_api_lists_visits_and_a_follow_up_as_an_action_item(app, client, sides, users):
    from tests.functional.test_api_access import make_tokens

    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, status="reported", lesson=True,
                                   owner_id=users["liaison_khz"].id)
        factories.make_visit(sides["KHZ"].id, sides["MSN"].id, name_fa="دیگری", name_ar="أخرى")
        token = make_tokens(users)["manager_msn"]
    headers = {"Authorization": f"Bearer {token}"}
    page = client.get(f"/api/v1/visits?side={sides['MSN'].id}&role=host", headers=headers).get_json()
    assert [v["id"] for v in page["items"]] == [ids.visit]
    visit = client.get(f"/api/v1/visits/{ids.visit}", headers=headers).get_json()
    follow_up = visit["lessons"][0]["follow_ups"][0]
    assert follow_up["id"] == ids.action and follow_up["name_ar"] == "إعداد بنك الأسئلة"
    action = client.get(f"/api/v1/action-items/{ids.action}", headers=headers).get_json()
    assert action["meeting_id"] is None and action["visit_id"] == ids.visit


def test_a_stale_edit_is_refused_with_who_changed_it(app, client, sides, users, login):
    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id)
    login("liaison.msn")
    data = _form(sides, version="1", name_ar="زيارة معدلة")
    assert client.post(f"/visits/{ids.visit}/edit", data=data).status_code == 302
    response = client.post(f"/visits/{ids.visit}/edit", data=_form(sides, version="1", name_ar="زيارة أخرى"))
    assert response.status_code == 409
    assert "after you opened it" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Visit, ids.visit).name_ar == "زيارة معدلة"


def test_the_host_invites_a_delegate_with_a_numbered_letter_a_consulate_can_check(app, client, sides, users, login,
                                                                                 tmp_path):
    from coordinator.exchanges.models import Trainer

    with app.app_context():
        traveller = factories.make_trainer(sides["KHZ"].id, name_fa="رضا موسوی")
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, status="accepted", delegate_trainer_id=traveller)
    login("liaison.msn")
    response = client.post(f"/visits/{ids.visit}/delegates/{ids.delegate}/invitation", follow_redirects=True)
    assert "Record the passport number of رضا موسوی first" in response.get_data(as_text=True)
    with app.app_context():
        passport = db.session.get(Trainer, traveller).documents[0]
        passport.number, passport.holder_name = "K12345678", "REZA MOUSAVI"
        db.session.commit()
    response = client.post(f"/visits/{ids.visit}/delegates/{ids.delegate}/invitation")
    assert response.status_code == 302 and "/exchange/invitations/INV-" in response.headers["Location"]
    number = response.headers["Location"].rsplit("/", 1)[1].removesuffix(".pdf")
    text = comparable(pdf_text(client.get(response.headers["Location"]).data, tmp_path))
    for phrase in (number, "K12345678", "REZA MOUSAVI", "بازدید علمی و تبادل تجربه", "رضا موسوی"):
        assert comparable(phrase) in text, phrase
    assert number in client.get(f"/visits/{ids.visit}").get_data(as_text=True)
    client.post("/logout")
    verified = client.get(f"/exchange/invitations/verify/{number}").get_data(as_text=True)
    assert "رضا موسوی" in verified and "Member of the delegation" in verified


def test_the_delegation_list_for_the_border_names_each_delegate_and_their_passport(app, client, sides, users,
                                                                                     login, tmp_path):
    from coordinator.exchanges.models import Trainer, TravelDocument

    with app.app_context():
        head = factories.make_trainer(sides["KHZ"].id, name_fa="رضا موسوی")
        passport = db.session.get(Trainer, head).documents[0]
        passport.number, passport.holder_name = "K12345678", "REZA MOUSAVI"
        other = db.session.get(Trainer, factories.make_trainer(sides["KHZ"].id, name_fa="زهرا کعبی"))
        other.documents.append(TravelDocument(kind="visa", country_code="IQ", expires_on=date(2030, 1, 1)))
        db.session.commit()
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, status="accepted", delegate_trainer_id=head)
        empty = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, name_fa="بی‌هیئت", name_ar="بلا وفد")
    login("liaison.msn")  # the host side's liaison prints it too
    page = client.get(f"/visits/{ids.visit}").get_data(as_text=True)
    assert f"/visits/{ids.visit}/group-list.pdf" in page
    assert f"/visits/{empty.visit}/group-list.pdf" not in client.get(f"/visits/{empty.visit}").get_data(as_text=True)
    response = client.get(f"/visits/{ids.visit}/group-list.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = comparable(pdf_text(response.data, tmp_path))
    for phrase in ("فهرست اعضای هیئت برای عبور از مرز", "قائمة أعضاء الوفد لعبور الحدود", "رضا موسوی",
                   "REZA MOUSAVI", "K12345678", "رئیس هیئت: رضا موسوی", "بازدید علمی از مراکز آموزشی",
                   "فروردین ۱۴۰۶", "نيسان ٢٠٢٧"):
        assert comparable(phrase) in text, phrase
    assert "زهرا کعبی" not in text  # not a delegate of this visit
    trainer = app.test_client()
    assert trainer.post("/login", data={"username": "trainer.khz", "password": factories.PASSWORD}).status_code == 302
    assert trainer.get(f"/visits/{ids.visit}/group-list.pdf").status_code in (403, 404)


def test_a_centre_added_as_a_place_is_named_in_the_visits_history(app, client, sides, users, login):
    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id)
        centre = factories.make_centre(sides["MSN"].id, name_fa="مرکز آموزش فنی عماره", name_ar="مركز العمارة المهني")
    login("liaison.msn")
    response = client.post(f"/visits/{ids.visit}/places", data={
        "place-kind": "centre", "place-centre_id": str(centre), "place-name_fa": "", "place-name_ar": ""})
    assert response.status_code == 302
    page = client.get(f"/visits/{ids.visit}").get_data(as_text=True)
    history = page[page.index('id="history"'):] if 'id="history"' in page else page
    assert "مرکز آموزش فنی عماره" in history and f"#{centre}" not in history
