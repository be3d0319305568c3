"""Certificates: issuing for completed trainees, revoking, the PDF (checked with poppler) and the public
verification page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.auth.permissions import can
from coordinator.certificates import services as certificates
from coordinator.certificates.models import Certificate
from coordinator.courses.models import Course, CourseSession, Enrolment
from coordinator.errors import TransitionError, ValidationFailed
from coordinator.extensions import db
from coordinator.l10n.calendars import format_date
from coordinator.reports.certificate_pdf import render_certificate
from tests import factories

NUMBER_RE = re.compile(r"KM-20[0-9]{2}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}")
END = date(2027, 1, 1)
COMPLETED = date(2026, 12, 5)  # completed early (by an override): the certificates carry this day
NAME_FA = "فاطمه کعبی"
NAME_AR = "فاطمة الكعبي"
MAYSAN_NAME = "علي حسين الساعدي"


@pytest.fixture
def web(app, login):
    """A client of app; web.login(username) logs it in."""
    client = app.test_client()
    client.login = lambda username: login(username, test_client=client)
    return client


@pytest.fixture
def course(app, sides):
    """A completed Khuzestan-hosted course with trainees in every enrolment status; returns ids."""
    with app.app_context():
        centre = factories.make_centre(sides["KHZ"].id)
        standard = factories.make_standard()
        course_id = factories.make_course(centre, standard, status="completed", start=date(2026, 12, 5), end=END,
                                          completed_on=COMPLETED)
        people = {
            "fatemeh": (factories.make_trainee(sides["KHZ"].id, name_fa=NAME_FA, name_ar=NAME_AR), "completed"),
            "ali": (factories.make_trainee(sides["MSN"].id, name_fa="", name_ar=MAYSAN_NAME, gender="m",
                                           phone="07701234567"), "completed"),
            "failed": (factories.make_trainee(sides["KHZ"].id, name_fa="رضا نیسی", gender="m",
                                              phone="09160000001"), "not_completed"),
            "left": (factories.make_trainee(sides["MSN"].id, name_ar="زينب كاظم", name_fa="", phone="07700000002"),
                     "withdrawn"),
            "waiting": (factories.make_trainee(sides["KHZ"].id, name_fa="مریم بهبهانی", phone="09160000003"),
                        "waiting"),
        }
        enrolments = {}
        for key, (trainee_id, status) in people.items():
            enrolment = Enrolment(course_id=course_id, trainee_id=trainee_id, status=status)
            db.session.add(enrolment)
            db.session.flush()
            enrolments[key] = enrolment.id
        db.session.commit()
        code = db.session.get(Course, course_id).code
    return {"id": course_id, "code": code, "enrolments": enrolments}


def _user(username):
    return db.session.scalar(select(User).where(User.username == username))


def _issue(app, course_id, username="liaison.khz"):
    with app.app_context():
        issued = certificates.issue_certificates(db.session.get(Course, course_id), _user(username))
        db.session.commit()
        return {c.enrolment_id: c.number for c in issued}


def _certificates(app, course_id):
    with app.app_context():
        return {c.enrolment_id: (c.number, c.valid) for c in
                certificates.certificates_of(db.session.get(Course, course_id))}


# Issuing ------------------------------------------------------------------------------------------------


def test_issue_for_completed_trainees_only_and_idempotent(app, web, users, course):
    web.login("liaison.khz")
    response = web.post(f"/courses/{course['id']}/certificates/issue")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/courses/{course['id']}/certificates")
    issued = _certificates(app, course["id"])
    assert set(issued) == {course["enrolments"]["fatemeh"], course["enrolments"]["ali"]}
    numbers = [number for number, _valid in issued.values()]
    assert all(NUMBER_RE.fullmatch(n) for n in numbers), numbers
    assert len(set(numbers)) == 2

    assert web.post(f"/courses/{course['id']}/certificates/issue").status_code == 302
    assert _certificates(app, course["id"]) == issued
    page = web.get(f"/courses/{course['id']}/certificates")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert all(n in body for n in numbers)


def test_issue_service_is_idempotent_and_records_the_issuer(app, users, course):
    first = _issue(app, course["id"])
    assert len(first) == 2
    assert _issue(app, course["id"]) == {}
    with app.app_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.number == next(iter(first.values()))))
        assert certificate.issued_by_id == users["liaison_khz"].id
        assert certificate.issued_at is not None and certificate.valid


@pytest.mark.parametrize("username", ["liaison.msn", "manager.khz", "trainer.khz"])
def test_only_the_host_side_issues(app, web, users, course, username):
    web.login(username)
    assert web.post(f"/courses/{course['id']}/certificates/issue").status_code == 403
    assert _certificates(app, course["id"]) == {}


def test_admin_may_issue(app, web, users, course):
    web.login("admin")
    assert web.post(f"/courses/{course['id']}/certificates/issue").status_code == 302
    assert len(_certificates(app, course["id"])) == 2


def test_no_certificates_before_the_course_is_completed(app, users, course):
    with app.app_context():
        db.session.get(Course, course["id"]).status = "running"
        db.session.commit()
        with pytest.raises(TransitionError):
            certificates.issue_certificates(db.session.get(Course, course["id"]), _user("liaison.khz"))


def test_numbers_are_retried_on_collision(app, sides, monkeypatch):
    with app.app_context():
        candidates = iter(["KM-2026-AAAA-AAAA", "KM-2026-AAAA-AAAA", "KM-2026-BBBB-BBBB"])
        monkeypatch.setattr(certificates, "_random_number", lambda year: next(candidates))
        assert certificates.new_number(2026, {"KM-2026-AAAA-AAAA"}) == "KM-2026-BBBB-BBBB"
        monkeypatch.undo()
        numbers = {certificates.new_number(2026) for _ in range(200)}
        assert len(numbers) == 200 and all(NUMBER_RE.fullmatch(n) for n in numbers)


@pytest.mark.parametrize(("typed", "expected"), [
    ("KM-2026-7Q4K-9TXD", "KM-2026-7Q4K-9TXD"),
    ("  km-2026-7q4k-9txd ", "KM-2026-7Q4K-9TXD"),
    ("KM20267Q4K9TXD", "KM-2026-7Q4K-9TXD"),
    ("KM-۲۰۲۶-۷Q۴K-۹TXD", "KM-2026-7Q4K-9TXD"),
    ("KM ٢٠٢٦ 7Q4K 9TXD", "KM-2026-7Q4K-9TXD"),
    ("\u200eKM\u20132026\u20137Q4K\u20139TXD\u200f", "KM-2026-7Q4K-9TXD"),
    ("KM-2026-7Q4K-9TX", None),
    ("KM-2026-0O1I-9TXD", None),  # characters left out of the alphabet
    ("' OR 1=1 --", None),
    ("", None),
    (None, None),
    ("KM-2026-7Q4K-9TXD" * 10, None),
])
def test_typed_numbers_are_normalised(typed, expected):
    assert certificates.normalise_number(typed) == expected


# Revoking -----------------------------------------------------------------------------------------------


def test_revoke_needs_a_reason_and_happens_once(app, users, course):
    number = next(iter(_issue(app, course["id"]).values()))
    with app.app_context():
        certificate = certificates.find(number)
        with pytest.raises(ValidationFailed) as refused:
            certificates.revoke(certificate, _user("liaison.khz"), "   ")
        assert refused.value.field == "reason"
        # The other side may not revoke (the page's one permission check; the route table tests the 403).
        assert not can(_user("liaison.msn"), "course.manage", certificate.enrolment.course)
        certificates.revoke(certificate, _user("liaison.khz"), "  مدرک جعلی ارائه شده بود  ")
        db.session.commit()
        certificate = certificates.find(number)
        assert not certificate.valid
        assert certificate.revoked_reason == "مدرک جعلی ارائه شده بود"
        assert certificate.revoked_by_id == users["liaison_khz"].id
        with pytest.raises(TransitionError):
            certificates.revoke(certificate, _user("liaison.khz"), "again")


def test_revoke_through_the_page(app, web, users, course):
    issued = _issue(app, course["id"])
    number = issued[course["enrolments"]["fatemeh"]]
    web.login("liaison.msn")
    assert web.post(f"/courses/certificates/{number}/revoke", data={"reason": "x"}).status_code == 403
    web.post("/logout")
    web.login("liaison.khz")
    response = web.post(f"/courses/certificates/{number}/revoke", data={"reason": ""}, follow_redirects=True)
    assert response.status_code == 200
    assert _certificates(app, course["id"])[course["enrolments"]["fatemeh"]] == (number, True)
    response = web.post(f"/courses/certificates/{number}/revoke", data={"reason": "اشتباه در نام"})
    assert response.status_code == 302
    assert _certificates(app, course["id"])[course["enrolments"]["fatemeh"]] == (number, False)
    assert web.post("/courses/certificates/KM-2026-AAAA-AAAA/revoke", data={"reason": "x"}).status_code == 404


# The PDF ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("username", "status"), [
    ("liaison.khz", 200), ("liaison.msn", 200), ("manager.msn", 200), ("admin", 200), ("trainer.khz", 403),
])
def test_pdf_download_permission(app, web, users, course, username, status):
    number = _issue(app, course["id"])[course["enrolments"]["fatemeh"]]
    web.login(username)
    response = web.get(f"/courses/certificates/{number}.pdf")
    assert response.status_code == status
    if status == 200:
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF-")
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith(f'attachment; filename="certificate-{number}.pdf"; filename*=UTF-8\'\'')
        assert disposition.isascii()
        assert "%D9%81%D8%A7%D8%B7%D9%85%D9%87" in disposition  # فاطمه, percent-encoded UTF-8
        assert response.headers["Cache-Control"] == "no-store"


def test_pdf_needs_log_in_and_a_real_number(app, web, users, course):
    number = _issue(app, course["id"])[course["enrolments"]["fatemeh"]]
    response = web.get(f"/courses/certificates/{number}.pdf")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    web.login("admin")
    assert web.get("/courses/certificates/KM-2026-AAAA-AAAA.pdf").status_code == 404
    assert web.get("/courses/certificates/nonsense.pdf").status_code == 404
    # The number may be typed in lower case or without dashes.
    assert web.get(f"/courses/certificates/{number.lower().replace('-', '')}.pdf").status_code == 200


def _poppler(tool: str, *args: str) -> subprocess.CompletedProcess:
    """Run a poppler-utils tool; skipped where it is missing, except in CI, which installs it."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} (poppler-utils) is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; .ci/run installs it")
        pytest.skip(message)
    return subprocess.run([path, *args], capture_output=True, timeout=60)  # noqa: S603 (our own temp files)


# Invisible characters poppler adds around right-to-left and left-to-right runs (RLE, LRE, PDF, ...).
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c]+")


def _comparable(text: str) -> str:
    """NFKC (presentation forms back to letters, lam-alef back to lam + alef) without spaces and marks."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def _pdf_text(pdf: bytes, tmp_path, mode: str = "-layout") -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    result = _poppler("pdftotext", mode, str(path), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("utf-8")


def _render(app, number, url="https://coordinator.example/verify/X"):
    with app.app_context():
        return render_certificate(certificates.find(number), verify_url=url)


def test_pdf_text_holds_number_code_names_and_both_calendars(app, users, course, tmp_path):
    issued = _issue(app, course["id"])
    number = issued[course["enrolments"]["fatemeh"]]
    text = _comparable(_pdf_text(_render(app, number), tmp_path))
    # pdftotext puts right-to-left runs back in reading order, so the logical text is found as typed.
    for expected in (number, course["code"], NAME_FA, NAME_AR, "دوره مشترک جوشکاری", "دورة اللحام المشتركة",
                     "7212-01", "جوشکاری", "اللحام", format_date(END, "fa"), format_date(END, "ar"),
                     "اداره کل آموزش فنی و حرفه‌ای استان خوزستان", "مركز التدريب المهني في ميسان",
                     "۱۴۰", "١٤٠", "گواهی‌نامه پایان دوره", "شهادة إتمام دورة تدريبية"):
        assert _comparable(expected) in text, expected
    assert "REVOKED" not in text

    # A trainee whose name is only in Arabic script: both blocks print it as written.
    ali = _comparable(_pdf_text(_render(app, issued[course["enrolments"]["ali"]]), tmp_path))
    assert ali.count(_comparable(MAYSAN_NAME)) == 2


def test_revoked_pdf_carries_the_watermark(app, users, course, tmp_path):
    number = _issue(app, course["id"])[course["enrolments"]["fatemeh"]]
    with app.app_context():
        certificates.revoke(certificates.find(number), _user("liaison.khz"), "error")
        db.session.commit()
    pdf = _render(app, number)
    assert _comparable(NAME_FA) in _comparable(_pdf_text(pdf, tmp_path))  # still the same certificate
    # The watermark is rotated: -layout scatters it letter by letter, -raw keeps it in drawing order
    # (and puts the words of upright right-to-left lines in visual order). Poppler cannot tell the
    # direction of rotated Arabic script, so those letters come out in visual order, reversed.
    text = _comparable(_pdf_text(pdf, tmp_path, "-raw"))
    assert "REVOKED" in text and number in text
    for word in ("باطل شده", "ملغاة"):
        assert _comparable(word) in text or _comparable(word)[::-1] in text, word


def test_pdf_pages_render_to_png(app, users, course, tmp_path):
    number = _issue(app, course["id"])[course["enrolments"]["fatemeh"]]
    path = tmp_path / "certificate.pdf"
    path.write_bytes(_render(app, number))
    result = _poppler("pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "page"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == b"", result.stderr  # poppler complains about broken fonts or objects here
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1  # one A4 landscape page
    assert pages[0].read_bytes().startswith(b"\x89PNG")
    fonts = _poppler("pdffonts", str(path)).stdout.decode()
    assert "NotoSansArabic" in fonts
    # Every font embedded: the certificate looks the same on a machine without Noto.
    for line in fonts.splitlines()[2:]:
        assert re.search(r"\byes\s+yes\s+yes\b", line), line


def test_qr_code_points_to_the_verification_page(app, users, course, tmp_path, monkeypatch):
    from coordinator.reports import certificate_pdf

    number = _issue(app, course["id"])[course["enrolments"]["fatemeh"]]
    encoded = []
    original = certificate_pdf._qr
    monkeypatch.setattr(certificate_pdf, "_qr", lambda c, url, *args: (encoded.append(url), original(c, url, *args)))
    with app.test_request_context(base_url="https://coordinator.example"):
        pdf = render_certificate(certificates.find(number))
    url = f"https://coordinator.example/verify/{number}"
    assert encoded == [url]
    assert url in _pdf_text(pdf, tmp_path)  # printed under the code too, for those without a camera


# The public verification page ---------------------------------------------------------------------------


def _strip_tokens(body: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", body)


def test_verify_shows_name_course_date_and_valid(app, web, users, course):
    number = _issue(app, course["id"])[course["enrolments"]["fatemeh"]]
    response = web.get(f"/verify/{number}", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    # The day the course was completed, not its planned end (1 January 2027, after the issue).
    assert "1 January 2027" not in body
    for expected in (NAME_FA, NAME_AR, "دوره مشترک جوشکاری", "دورة اللحام المشتركة", "5 December 2026", number,
                     'data-status="valid"', "This certificate is valid."):
        assert expected in body, expected
    # Only what the page promises: no phone, no scores, no reason, no other trainee.
    for hidden in ("09161234567", MAYSAN_NAME, "رضا نیسی", "Revoked"):
        assert hidden not in body
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"

    persian = web.get(f"/verify/{number.lower()}", headers={"Accept-Language": "fa"}).get_data(as_text=True)
    assert format_date(COMPLETED, "fa") in persian  # ۱۴ آذر ۱۴۰۵
    assert web.get(f"/verify/?number={number.replace('-', ' ')}").status_code == 200


def test_verify_shows_revoked_without_the_reason(app, web, users, course):
    number = _issue(app, course["id"])[course["enrolments"]["fatemeh"]]
    with app.app_context():
        certificates.revoke(certificates.find(number), _user("liaison.khz"), "سبب خصوصي")
        db.session.commit()
    response = web.get(f"/verify/{number}", headers={"Accept-Language": "en"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-status="revoked"' in body and "Revoked" in body and NAME_FA in body
    assert "سبب خصوصي" not in body and 'data-status="valid"' not in body


def test_wrong_and_malformed_numbers_get_the_same_404(app, web, users, course):
    _issue(app, course["id"])
    bodies = set()
    for typed in ("KM-2026-AAAA-AAAA", "KM-1999-ZZZZ-ZZZZ", "nonsense", "<script>alert(1)</script>",
                  "KM-2026-AAAA-AAAA/../../etc", "%D9%81%D8%A7"):
        response = web.get(f"/verify/{typed}", headers={"Accept-Language": "en"})
        assert response.status_code == 404, typed
        body = _strip_tokens(response.get_data(as_text=True))
        assert "no valid certificate with this number" in body
        assert "AAAA" not in body and "nonsense" not in body and "script>alert" not in body
        bodies.add(body)
        response = web.get("/verify/", query_string={"number": typed}, headers={"Accept-Language": "en"})
        assert response.status_code == 404
        bodies.add(_strip_tokens(response.get_data(as_text=True)))
    assert len(bodies) == 1


def test_verify_form_is_public(app, web):
    for url in ("/verify", "/verify/"):
        response = web.get(url)
        assert response.status_code == 200
        assert 'name="number"' in response.get_data(as_text=True)


def test_verify_is_rate_limited_per_address(app, web, users, course):
    number = _issue(app, course["id"])[course["enrolments"]["fatemeh"]]
    for attempt in range(30):
        typed = number if attempt % 2 else "KM-2026-AAAA-AAAA"
        assert web.get(f"/verify/{typed}").status_code in (200, 404)
    response = web.get(f"/verify/{number}", headers={"Accept-Language": "en"})
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "600"
    body = response.get_data(as_text=True)
    assert NAME_FA not in body and "Too many certificates were checked" in body
    assert web.get(f"/verify/?number={number}").status_code == 429
    # The form itself is not a lookup; another address has its own count.
    assert web.get("/verify").status_code == 200
    other = web.get(f"/verify/{number}", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 200


# Who may do what ----------------------------------------------------------------------------------------

ROUTES = {
    # endpoint: (method, path template, roles allowed; "public" for everyone)
    "courses.certificates": ("GET", "/courses/{course}/certificates",
                             ("admin", "liaison_khz", "liaison_msn", "manager_khz", "manager_msn")),
    "courses.issue_certificates": ("POST", "/courses/{course}/certificates/issue", ("admin", "liaison_khz")),
    "courses.certificate_pdf": ("GET", "/courses/certificates/{number}.pdf",
                                ("admin", "liaison_khz", "liaison_msn", "manager_khz", "manager_msn")),
    "courses.revoke_certificate": ("POST", "/courses/certificates/{number}/revoke", ("admin", "liaison_khz")),
    "courses.certificates_pdf": ("GET", "/courses/{course}/certificates.pdf",
                                 ("admin", "liaison_khz", "liaison_msn", "manager_khz", "manager_msn")),
    "verify.form": ("GET", "/verify", "public"),
    "verify.certificate": ("GET", "/verify/{number}", "public"),
}


@pytest.mark.parametrize("endpoint", ROUTES)
@pytest.mark.parametrize("role", ["anonymous", *factories.ROLE_USERS])
def test_access(app, web, users, course, endpoint, role):
    number = _issue(app, course["id"])[course["enrolments"]["fatemeh"]]
    method, template, allowed = ROUTES[endpoint]
    if role != "anonymous":
        web.login(role.replace("_", "."))
    url = template.format(course=course["id"], number=number)
    response = web.open(url, method=method, data={"reason": "test"})
    if allowed == "public" or role in allowed:
        assert response.status_code in (200, 302), (response.status_code, response.headers.get("Location"))
        assert "/login?next=" not in response.headers.get("Location", "")
    elif role == "anonymous":
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    else:
        assert response.status_code == 403


def test_access_table_covers_every_certificate_route(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules()
                 if r.endpoint.startswith("verify.") or "certificate" in r.endpoint}
    assert endpoints == set(ROUTES)


# What makes a certificate recognisable, and printing a course's certificates at once ------------------------


def test_certificate_carries_national_id_delivered_hours_result_and_completion(app, users, course, tmp_path):
    from datetime import time as clock_time

    from coordinator.reports.certificate_pdf import render_certificates
    from coordinator.trainees.models import Trainee

    with app.app_context():
        enrolment = db.session.get(Enrolment, course["enrolments"]["fatemeh"])
        enrolment.theory_score, enrolment.practice_score = Decimal("82.5"), Decimal("90")
        db.session.get(Trainee, enrolment.trainee_id).national_id = "1234567890"
        for day, kind in ((date(2026, 12, 5), "practice"), (date(2026, 12, 5), "theory")):
            session_id = factories.make_session(course["id"], day=day,
                                                start=clock_time(8 if kind == "practice" else 13),
                                                end=clock_time(12 if kind == "practice" else 14))
            db.session.get(CourseSession, session_id).kind = kind
        db.session.commit()
    number = _issue(app, course["id"])[course["enrolments"]["fatemeh"]]
    login_client = app.test_client()
    login_client.post("/login", data={"username": "liaison.khz", "password": factories.PASSWORD})
    response = login_client.get(f"/courses/certificates/{number}.pdf")
    text = _comparable(_pdf_text(response.data, tmp_path))
    # pdftotext moves a colon or a comma next to a number around: the parts are checked one by one.
    for expected in ("شماره ملی", "الرقم الوطني", "۱۲۳۴۵۶۷۸۹۰", "١٢٣٤٥٦٧٨٩٠",
                     "ساعات آموزش ارائه‌شده", "۵:ساعت", "سهم عملی", "۸۰", "الساعات التدريبية المنفّذة", "٥:ساعة",
                     "الحصة العملية", "٨٠", "نتیجه ارزشیابی", "۸۲٫۵", "عملی ۹۰", "٨٢٫٥",
                     format_date(COMPLETED, "fa"), format_date(COMPLETED, "ar")):
        assert _comparable(expected) in text, expected

    # All of the course's valid certificates in one PDF, a page each.
    response = login_client.get(f"/courses/{course['id']}/certificates.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = _poppler("pdfinfo", str(_write(tmp_path, response.data))).stdout.decode()
    assert re.search(r"^Pages:\s+2$", pages, re.M), pages  # fatemeh and ali; neither the failed nor the withdrawn
    with app.app_context():
        assert render_certificates([certificates.find(number)], verify_url="https://x/verify")  # one alone, too


def _write(tmp_path, data):
    path = tmp_path / "all.pdf"
    path.write_bytes(data)
    return path
