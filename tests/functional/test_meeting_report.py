"""Downloading the meeting report: who may, what comes back (type, file name, languages), the CLI sample."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import pytest

from coordinator.extensions import db
from coordinator.meetings.models import MeetingAttendee
from tests import factories
from tests.unit.test_meeting_pdf import (
    DECISION_AR,
    DECISION_FA,
    comparable,
    make_report_meeting,
    page_count,
    pdf_text,
)


@pytest.fixture
def meeting_id(app, sides, users):
    with app.app_context():
        return make_report_meeting(sides, users)


def test_report_needs_log_in_and_an_existing_meeting(client, login, meeting_id):
    response = client.get(f"/reports/meetings/{meeting_id}.pdf")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    login("manager.msn")
    assert client.get(f"/reports/meetings/{meeting_id + 100}.pdf").status_code == 404


def test_a_trainer_who_takes_no_part_is_refused(client, login, meeting_id):
    login("trainer.khz")
    assert client.get(f"/reports/meetings/{meeting_id}.pdf").status_code == 403


def test_a_trainer_at_the_meeting_may_download_it(app, client, login, users, meeting_id):
    with app.app_context():
        db.session.add(MeetingAttendee(meeting_id=meeting_id, user_id=users["trainer_khz"].id))
        db.session.commit()
    login("trainer.khz")
    assert client.get(f"/reports/meetings/{meeting_id}.pdf").status_code == 200


def test_bilingual_pdf_with_a_persian_file_name(client, login, meeting_id, tmp_path):
    login("manager.khz")
    response = client.get(f"/reports/meetings/{meeting_id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f'filename="meeting-{meeting_id}-2026-11-26-bilingual.pdf"' in disposition
    assert "filename*=UTF-8''" + quote("جلسه مدیران خوزستان و میسان 2026-11-26", safe="") in disposition
    text = comparable(pdf_text(response.data, tmp_path))
    assert comparable(DECISION_FA) in text and comparable(DECISION_AR) in text


@pytest.mark.parametrize(("lang", "expected", "absent"), [
    ("fa", DECISION_FA, DECISION_AR), ("ar", DECISION_AR, DECISION_FA), ("en", "Action items", "صفحه")])
def test_one_language_at_a_time(client, login, meeting_id, tmp_path, lang, expected, absent):
    login("liaison.msn")
    response = client.get(f"/reports/meetings/{meeting_id}.pdf?lang={lang}")
    assert response.status_code == 200
    assert f"-{lang}.pdf" in response.headers["Content-Disposition"]
    text = comparable(pdf_text(response.data, tmp_path))
    assert comparable(expected) in text and comparable(absent) not in text


def test_an_unknown_language_gives_the_bilingual_report(client, login, meeting_id):
    login("admin")
    response = client.get(f"/reports/meetings/{meeting_id}.pdf?lang=xx")
    assert response.status_code == 200 and "-bilingual.pdf" in response.headers["Content-Disposition"]


def test_report_of_a_meeting_without_anything_recorded(app, client, login, sides, users, tmp_path):
    with app.app_context():
        empty_id = factories.make_meeting(sides["MSN"].id, starts_at=datetime(2026, 12, 3, 8, 0, tzinfo=UTC))
    login("manager.msn")
    response = client.get(f"/reports/meetings/{empty_id}.pdf?lang=en")
    assert response.status_code == 200 and page_count(response.data) >= 1
    assert "No agenda items were recorded." in pdf_text(response.data, tmp_path)


def test_cli_writes_the_latest_closed_meeting(app, runner, meeting_id, tmp_path):
    with app.app_context():
        factories.make_meeting(factories.seed_reference()["MSN"].id, status="draft",
                               starts_at=datetime(2027, 1, 5, 8, 0, tzinfo=UTC))  # later, but not closed
    output = tmp_path / "sample.pdf"
    result = runner.invoke(args=["meeting-report", "--lang", "fa", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert f"meeting {meeting_id}" in result.output
    assert comparable(DECISION_FA) in comparable(pdf_text(output.read_bytes(), tmp_path))


def test_cli_without_meetings_says_what_to_do(runner, sides, tmp_path):
    result = runner.invoke(args=["meeting-report", "--output", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "demo-data" in result.output
    assert not (tmp_path / "x.pdf").exists()
    result = runner.invoke(args=["meeting-report", "--meeting-id", "999", "--output", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no meeting with id 999" in result.output
