"""Invitation letters: issued by the host side for a trip abroad, a bilingual PDF naming the traveller and the
passport, and a public page where a consulate checks the number."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from coordinator.exchanges.models import InvitationLetter, Trainer, TravelDocument
from coordinator.extensions import db
from coordinator.l10n.calendars import format_date
from tests.functional.test_assignments import form_data, login_to
from tests.functional.test_certificates import _comparable, _pdf_text
from tests.unit.test_conflicts import exchange_setup, make_trainer


@pytest.fixture
def trip(app, client, users, sides):
    with app.app_context():
        course_id, standard_id = exchange_setup(sides)
        trainer_id = make_trainer(sides["KHZ"].id, skill_ids=[standard_id])
        trainer = db.session.get(Trainer, trainer_id)
        trainer.documents[0].number, trainer.documents[0].holder_name = "P12345678", "HASSAN MOUSAVI"
        db.session.commit()
    login_to(client, "liaison.msn")
    client.post(f"/exchange/courses/{course_id}/assignments", data=form_data(trainer_id))
    with app.app_context():
        from coordinator.exchanges.models import Assignment

        return db.session.scalar(select(Assignment.id))


def test_the_host_side_issues_a_bilingual_numbered_letter(app, client, trip, tmp_path):
    response = client.post(f"/exchange/assignments/{trip}/invitation")
    assert response.status_code == 302 and "/exchange/invitations/INV-" in response.headers["Location"]
    pdf = client.get(response.headers["Location"])
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    with app.app_context():
        number = db.session.scalar(select(InvitationLetter.number))
    text = _comparable(_pdf_text(pdf.data, tmp_path))
    for expected in (number, "P12345678", "HASSAN MOUSAVI", "حسن موسوی", "دعوت‌نامه", "رسالة دعوة",
                     "جوشکاری", "اللحام", "جمهوری عراق", "الجمهورية الإسلامية الإيرانية",
                     format_date(date(2026, 12, 7), "fa"), format_date(date(2026, 12, 5), "ar")):
        assert _comparable(expected) in text, expected
    public = app.test_client().get(f"/exchange/invitations/verify/{number.lower().replace('-', '')}")
    body = public.get_data(as_text=True)
    assert public.status_code == 200 and number in body and "P12345678" not in body
    assert app.test_client().get("/exchange/invitations/verify/INV-2026-AAAA-AAAA").status_code == 404


def test_no_letter_without_a_passport_number_nor_from_the_travellers_side(app, client, trip, users):
    with app.app_context():
        db.session.execute(TravelDocument.__table__.update().values(number=""))
        db.session.commit()
    refused = client.post(f"/exchange/assignments/{trip}/invitation", follow_redirects=True)
    assert "نخست شماره گذرنامه حسن موسوی را ثبت کنید" in refused.get_data(as_text=True)
    other = app.test_client()
    login_to(other, "liaison.khz")  # the traveller's side: the host side invites
    assert other.post(f"/exchange/assignments/{trip}/invitation").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(InvitationLetter.id)) is None
