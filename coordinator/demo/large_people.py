"""The large data set's people: trainees with enrolments, attendance, scores and certificates; trainers with
travel documents and cross-border assignments (see large.py for how rows are written)."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from ..certificates.models import Certificate
from ..certificates.services import ALPHABET, DEFAULT_PREFIX, RANDOM_LENGTH
from ..courses.models import Attendance, Enrolment
from ..exchanges.models import Assignment, Trainer, TravelDocument, trainer_skills
from ..l10n.timezones import local_to_utc
from ..trainees.models import Trainee, name_phone_key, national_id_key, trainee_target_groups
from .rows import search_key
from .trainees import EDUCATION, KHZ_NAMES, MSN_NAMES

ENROLLED = ("proposed", "approved", "scheduled", "running", "completed", "cancelled")
# Course status → the states its assignments may be in (a completed course's trainer came home, ...).
ASSIGNMENT_STATES = {
    "proposed": ("proposed",), "approved": ("proposed", "accepted"), "scheduled": ("accepted", "confirmed"),
    "running": ("confirmed", "travelled"), "completed": ("completed",), "cancelled": ("cancelled",),
}


def _split(names):
    firsts = sorted({n.split(" ", 1)[0] for n, _g in names})
    lasts = sorted({n.split(" ", 1)[1] for n, _g in names})
    genders = {n.split(" ", 1)[0]: g for n, g in names}
    return firsts, lasts, genders


def _trainee_rows(bulk, ref) -> list[dict]:
    rng = bulk.rng
    pools = {"KHZ": (_split(KHZ_NAMES), "0916"), "MSN": (_split(MSN_NAMES), "0770")}
    codes = list(ref.sides)
    rows = []
    for trainee_id in bulk.ids(Trainee.__table__, bulk.size("trainees")):
        code = codes[0] if rng.random() < 0.55 else codes[1]
        (firsts, lasts, genders), prefix = pools.get(code, pools["MSN"])
        first = rng.choice(firsts)
        name = f"{first} {rng.choice(lasts)}"
        phone = f"{prefix}{trainee_id:07d}"
        national_id = f"{1700000000 + trainee_id * 7}" if code == "KHZ" and rng.random() < 0.7 else None
        row = {
            "id": trainee_id, "name_fa": name if code == "KHZ" else "", "name_ar": name if code != "KHZ" else "",
            "gender": genders[first], "side_id": ref.sides[code].id,
            "birth_date": bulk.today - timedelta(days=rng.randint(18 * 365, 50 * 365)),
            "education": rng.choice(EDUCATION), "phone": phone, "national_id": national_id,
        }
        # The keys Trainee.refresh_search_key keeps: search key, name + phone, folded ID.
        row["search_key"] = search_key(Trainee, row)
        row["name_phone_key"] = name_phone_key(name, phone)
        row["id_key"] = national_id_key(national_id)
        row["_group"] = rng.choice(ref.groups).id
        rows.append(row)
    return rows


def build_trainees(bulk, ref, courses: list[dict]) -> None:
    rng, today = bulk.rng, bulk.today
    trainees = _trainee_rows(bulk, ref)
    groups = [{"trainee_id": t["id"], "target_group_id": t.pop("_group")} for t in trainees]
    bulk.insert(Trainee.__table__, trainees)
    bulk.insert(trainee_target_groups, groups)
    pool = [t["id"] for t in trainees]
    rng.shuffle(pool)
    cursor = 0
    enrolments, attendance, certificates, taken = [], [], [], set()
    admin_id = ref.liaisons[next(iter(ref.sides))].id
    for course in courses:
        if course["status"] not in ENROLLED:
            continue
        count = rng.randint(course["capacity"] * 2 // 3, course["capacity"])
        for _ in range(count):
            trainee_id = pool[cursor % len(pool)]
            cursor += 1
            row = {"course_id": course["id"], "trainee_id": trainee_id, "status": "enrolled",
                   "requested_at": local_to_utc(course["start_date"] - timedelta(days=rng.randint(5, 60)), time(9),
                                                "Asia/Tehran"),
                   "theory_score": None, "practice_score": None}
            if course["status"] == "completed":
                passed = rng.random() < 0.85
                row["status"] = "completed" if passed else "not_completed"
                row["theory_score"] = Decimal(rng.randint(60, 98) if passed else rng.randint(20, 49))
                row["practice_score"] = Decimal(rng.randint(60, 99) if passed else rng.randint(30, 70))
            enrolments.append(row)
    for enrolment_id, row in zip(bulk.ids(Enrolment.__table__, len(enrolments)), enrolments, strict=True):
        row["id"] = enrolment_id
    bulk.insert(Enrolment.__table__, enrolments)
    by_course = {c["id"]: c for c in courses}
    for row in enrolments:
        course = by_course[row["course_id"]]
        if course["status"] not in ("running", "completed"):
            continue
        for session_id, day in course["_sessions"]:
            if day > today:
                break
            mark = rng.random()
            attendance.append({"enrolment_id": row["id"], "session_id": session_id,
                               "status": "present" if mark < 0.88 else "absent" if mark < 0.96 else "excused"})
        if len(attendance) >= 50_000:  # a million marks would not fit comfortably in memory at once
            bulk.insert(Attendance.__table__, attendance)
            attendance.clear()
        # Most completed courses have had their certificates issued.
        if row["status"] == "completed" and course["id"] % 5 != 0:
            number = _number(rng, course["end_date"].year, taken)
            certificates.append({"number": number, "enrolment_id": row["id"], "issued_by_id": admin_id,
                                 "issued_at": local_to_utc(course["end_date"] + timedelta(days=7), time(10),
                                                           "Asia/Tehran"),
                                 "revoked_at": None, "revoked_reason": "", "revoked_by_id": None})
    bulk.insert(Attendance.__table__, attendance)
    bulk.insert(Certificate.__table__, certificates)


def _number(rng, year: int, taken: set) -> str:
    """A certificate number in the real format, unique in this data set (the table starts empty of them)."""
    while True:
        body = "".join(rng.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
        number = f"{DEFAULT_PREFIX}-{year:04d}-{body[:4]}-{body[4:]}"
        if number not in taken:
            taken.add(number)
            return number


def build_trainers(bulk, ref, courses: list[dict]) -> None:
    rng, today = bulk.rng, bulk.today
    names = {"KHZ": _split(KHZ_NAMES), "MSN": _split(MSN_NAMES)}
    trainers, skills, documents = [], [], []
    codes = list(ref.sides)
    for trainer_id in bulk.ids(Trainer.__table__, bulk.size("trainers")):
        code = codes[trainer_id % 2]
        firsts, lasts, _genders = names.get(code, names["MSN"])
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        side = ref.sides[code]
        row = {"id": trainer_id, "user_id": None, "name_fa": name if code == "KHZ" else "",
               "name_ar": name if code != "KHZ" else "", "side_id": side.id,
               "centre_id": rng.choice(ref.centres[code]).id, "level_fa": "native" if code == "KHZ" else "basic",
               "level_ar": "working" if code == "KHZ" else "native", "level_en": None,
               "qualifications": "مربی رسمی با سابقه کارگاهی / مدرب معتمد ذو خبرة عملية",
               "phone": f"0912{trainer_id:07d}", "feed_token_hash": None, "_code": code}
        row["search_key"] = search_key(Trainer, row)
        trainers.append(row)
        row["_skills"] = rng.sample(ref.standards, k=min(len(ref.standards), rng.randint(1, 3)))
        for standard in row["_skills"]:
            skills.append({"trainer_id": trainer_id, "skill_standard_id": standard.id})
        documents.append({"trainer_id": trainer_id, "kind": "passport", "country_code": side.country_code,
                          "expires_on": today + timedelta(days=rng.randint(300, 2000))})
        if rng.random() < 0.8:
            other = ref.sides[ref.other(code)]
            documents.append({"trainer_id": trainer_id, "kind": "visa", "country_code": other.country_code,
                              "expires_on": today + timedelta(days=rng.randint(-30, 700))})
    bulk.insert(Trainer.__table__, [{k: v for k, v in t.items() if not k.startswith("_")} for t in trainers])
    bulk.insert(trainer_skills, skills)
    bulk.insert(TravelDocument.__table__, documents)
    _assignments(bulk, ref, courses, trainers)


def _assignments(bulk, ref, courses, trainers) -> None:
    """About half the courses borrow a trainer, mostly from across the border; a trainer never travels twice at
    once (the conflict rule the app enforces)."""
    rng = bulk.rng
    by_side = {code: [t for t in trainers if t["_code"] == code] for code in ref.sides}
    busy: dict[int, list] = {}
    rows = []
    for course in courses:
        states = ASSIGNMENT_STATES.get(course["status"])
        if states is None or rng.random() > 0.45:
            continue
        abroad = rng.random() < 0.7
        home = course["_side"]
        candidates = by_side[ref.other(home) if abroad else home]
        out_day, back_day = course["start_date"] - timedelta(days=1), course["end_date"] + timedelta(days=1)
        for _attempt in range(6):
            trainer = rng.choice(candidates)
            if all(back_day < a or out_day > b for a, b in busy.get(trainer["id"], ())):
                break
        else:
            continue
        busy.setdefault(trainer["id"], []).append((out_day, back_day))
        tz = ref.sides[trainer["_code"]].timezone
        rows.append({"trainer_id": trainer["id"], "course_id": course["id"], "role": "lead",
                     "travel_out_at": local_to_utc(out_day, time(7), tz),
                     "travel_back_at": local_to_utc(back_day, time(19), tz),
                     "crossing_id": ref.crossing_id if abroad else None,
                     "accommodation": "مهمانسرای مرکز میزبان / دار ضيافة المركز المضيف" if abroad else "",
                     "transport": "", "status": rng.choice(states),
                     "reason": "لغو دوره / إلغاء الدورة" if course["status"] == "cancelled" else "",
                     # Without the course's skill the app asks for the reason to keep the trainer anyway.
                     "skill_override": "" if any(s.id == course["skill_standard_id"] for s in trainer["_skills"])
                     else "تجربه کارگاهی معادل / خبرة عملية معادلة"})
    for assignment_id, row in zip(bulk.ids(Assignment.__table__, len(rows)), rows, strict=True):
        row["id"] = assignment_id
    bulk.insert(Assignment.__table__, rows)
    bulk.assignments = rows
