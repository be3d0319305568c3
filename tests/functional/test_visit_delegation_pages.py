"""The delegation on the visit's page: a guest who is not a trainer added, refused in the viewer's language with
their name and dates, their passport never shown in full; the visa recorded per delegate; the pieces changed by
the side whose part they are; the list narrowed to the visits a person travels on."""

from __future__ import annotations

from sqlalchemy import func, select

from coordinator.extensions import db
from coordinator.visits.models import Visit, VisitDay, VisitDelegate
from tests import factories


def _login(client, username: str, lang: str = "en"):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302


GUEST = {"delegate-trainer_id": "", "delegate-name_fa": "مهندس پرویز نادری", "delegate-name_ar": "المهندس برويز نادري",
         "delegate-name_en": "Parviz Naderi", "delegate-passport_number": "B12345678",
         "delegate-passport_expires_on": "2031-05-01", "delegate-post_fa": "مدیرکل آموزش فنی",
         "delegate-post_ar": "المدير العام للتدريب المهني"}


def test_a_guest_whose_passport_expires_during_the_visit_is_refused_in_persian(app, client, sides, users):
    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id)
    _login(client, "liaison.khz", "fa")
    response = client.post(f"/visits/{ids.visit}/delegates",
                           data=GUEST | {"delegate-passport_expires_on": "1406/01/22"})  # 11 April 2027
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "گذرنامه مهندس پرویز نادری" in page and "۲۲ فروردین ۱۴۰۶" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(VisitDelegate.id))) == 0


def test_a_guest_joins_the_delegation_and_their_passport_is_shown_masked(app, client, sides, users):
    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id)
    _login(client, "liaison.khz", "ar")
    response = client.post(f"/visits/{ids.visit}/delegates",
                           data=GUEST | {"delegate-user_id": str(users["manager_khz"].id)})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(f"/visits/{ids.visit}").get_data(as_text=True)
    assert "المهندس برويز نادري" in page and "المدير العام للتدريب المهني" in page
    assert "••••••678" in page and "B12345678" not in page
    # The host side may not change the visiting side's delegation.
    client.post("/logout")
    with app.app_context():
        delegate_id = db.session.scalar(select(VisitDelegate.id))
    _login(client, "liaison.msn")
    assert client.post(f"/visits/{ids.visit}/delegate/{delegate_id}/edit",
                       data={f"delegate-{delegate_id}-post_fa": "x"}).status_code == 403
    assert client.post(f"/visits/{ids.visit}/delegates/{delegate_id}/visa",
                       data={f"visa-{delegate_id}-visa_status": "issued"}).status_code == 403


def test_the_visa_is_recorded_and_confirming_names_the_delegate_and_the_dates(app, client, sides, users,
                                                                             monkeypatch):
    monkeypatch.setitem(app.config, "VISA_REQUIRED", (("IR", "IQ"),))
    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, status="accepted")
    _login(client, "liaison.khz")
    assert client.post(f"/visits/{ids.visit}/delegates", data=GUEST).status_code == 302
    with app.app_context():
        delegate_id = db.session.scalar(select(VisitDelegate.id))
    prefix = f"visa-{delegate_id}-"
    response = client.post(f"/visits/{ids.visit}/delegates/{delegate_id}/visa",
                           data={prefix + "visa_status": "applied"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The visa of Parviz Naderi is recorded as “Applied for”." in page
    client.post("/logout")
    _login(client, "liaison.msn")
    response = client.post(f"/visits/{ids.visit}/step/confirm")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "do not hold for the visit (10 April 2027 to 12 April 2027)" in page
    assert "The visa of Parviz Naderi for Maysan is “Applied for”" in page
    client.post("/logout")
    _login(client, "liaison.khz")
    response = client.post(f"/visits/{ids.visit}/delegates/{delegate_id}/visa", data={
        prefix + "visa_status": "issued", prefix + "visa_valid_from": "2027-04-01",
        prefix + "visa_valid_until": "2027-03-01"})
    assert response.status_code == 400
    assert "validity ends (1 March 2027) before it starts (1 April 2027)." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(VisitDelegate, delegate_id).visa_status == "applied"


def test_a_programme_day_moved_outside_the_visit_is_refused_in_arabic_and_kept(app, client, sides, users):
    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id)
    _login(client, "liaison.msn", "ar")
    prefix = f"day-{ids.day}-"
    response = client.post(f"/visits/{ids.visit}/day/{ids.day}/edit",
                           data={prefix + "day": "2027-04-20", prefix + "text_ar": "العودة"})
    assert response.status_code == 400
    assert "خارج الزيارة" in response.get_data(as_text=True)
    response = client.post(f"/visits/{ids.visit}/day/{ids.day}/edit",
                           data={prefix + "day": "2027-04-11", prefix + "text_ar": "زيارة البيت البلاستيكي"})
    assert response.status_code == 302
    with app.app_context():
        day = db.session.get(VisitDay, ids.day)
        assert (day.day.isoformat(), day.text_ar, day.text_fa) == ("2027-04-11", "زيارة البيت البلاستيكي", "")
    # The visiting side may not change the host's programme.
    client.post("/logout")
    _login(client, "liaison.khz")
    assert client.post(f"/visits/{ids.visit}/day/{ids.day}/edit",
                       data={prefix + "day": "2027-04-12", prefix + "text_ar": "x"}).status_code == 403


def test_a_manager_travelling_as_a_guest_finds_the_visit_among_their_own(app, client, sides, users):
    with app.app_context():
        theirs = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, name_fa="بازدید با مدیر",
                                      name_ar="زيارة مع المدير")
        factories.make_visit(sides["MSN"].id, sides["KHZ"].id, name_fa="بازدید دیگر", name_ar="زيارة أخرى")
        visit = db.session.get(Visit, theirs.visit)
        visit.delegates.append(VisitDelegate(name_fa="مدیر خوزستان", side_id=sides["KHZ"].id,
                                             passport_number="A7654321", user_id=users["manager_khz"].id))
        db.session.commit()
    _login(client, "manager.khz")
    everything = client.get("/visits/").get_data(as_text=True)
    assert "2 study visits" in everything
    mine = client.get("/visits/?mine=1").get_data(as_text=True)
    assert "1 study visit" in mine and "بازدید با مدیر" in mine and "بازدید دیگر" not in mine


def _photo(colour: tuple, size: tuple, fmt: str) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def test_the_visit_reports_photos_are_drawn_under_their_heading(app, client, sides, users, tmp_path):
    import io

    from tests.unit.test_meeting_pdf import comparable, pdf_text, poppler

    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, status="reported", lesson=True)
    _login(client, "liaison.khz")
    for name, data in (("کارگاه جوشکاری.png", _photo((200, 40, 40), (1600, 900), "PNG")),
                       ("معمل التمور.jpg", _photo((40, 120, 200), (300, 400), "JPEG")),
                       ("notes.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")):
        response = client.post(f"/visits/{ids.visit}/files", data={"file": (io.BytesIO(data), name)},
                               content_type="multipart/form-data")
        assert response.status_code == 302, response.get_data(as_text=True)
    for lang, heading in (("fa", "عکس‌ها"), ("ar", "الصور"), ("bilingual", "عکس‌ها")):
        pdf = client.get(f"/visits/{ids.visit}/report.pdf?lang={lang}").data
        text = comparable(pdf_text(pdf, tmp_path))
        assert comparable(heading) in text and comparable("کارگاه جوشکاری") in text, lang
        assert "notes.pdf" not in text  # a file that is not a photo stays a file
        (tmp_path / "report.pdf").write_bytes(pdf)
        listed = poppler("pdfimages", "-list", str(tmp_path / "report.pdf")).stdout.decode().splitlines()[2:]
        sizes = sorted((int(line.split()[3]), int(line.split()[4])) for line in listed)
        assert sizes == [(300, 400), (1600, 900)], (lang, listed)


def test_a_guest_gets_an_invitation_letter_and_is_on_the_border_list(app, client, sides, users, tmp_path):
    from tests.unit.test_meeting_pdf import comparable, pdf_text

    with app.app_context():
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, status="accepted")
    _login(client, "liaison.khz")
    assert client.post(f"/visits/{ids.visit}/delegates", data=GUEST).status_code == 302
    border = client.get(f"/visits/{ids.visit}/group-list.pdf")
    assert border.status_code == 200
    text = comparable(pdf_text(border.data, tmp_path))
    assert comparable("مهندس پرویز نادری") in text and "B12345678" in text and "ParvizNaderi" in text
    client.post("/logout")
    with app.app_context():
        delegate_id = db.session.scalar(select(VisitDelegate.id))
    _login(client, "liaison.msn")
    issued = client.post(f"/visits/{ids.visit}/delegates/{delegate_id}/invitation")
    assert issued.status_code == 302 and "/invitations/" in issued.headers["Location"]
    letter = client.get(issued.headers["Location"])
    assert letter.status_code == 200
    text = comparable(pdf_text(letter.data, tmp_path))
    assert "B12345678" in text and "ParvizNaderi" in text
