"""Trainees: the people the programme trains, with the keys duplicate detection compares."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, UniqueConstraint, func, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..catalog.models import TargetGroup
from ..db import SearchableMixin, VersionedMixin
from ..extensions import db
from ..l10n.folding import escape_like, fold, identity_key, like_pattern, phone_key
from ..l10n.locales import pick

GENDERS = {"f": _l("Female"), "m": _l("Male")}
EDUCATION = {
    "none": _l("No formal schooling"),
    "primary": _l("Primary school"),
    "lower_secondary": _l("Lower secondary school"),
    "secondary": _l("Secondary school diploma"),
    "post_secondary": _l("Post-secondary diploma"),
    "bachelor": _l("Bachelor's degree"),
    "master": _l("Master's degree or higher"),
}

# Waiting lists put a trainee with no group of priority after every trainee with one.
NO_PRIORITY = 1_000_000

trainee_target_groups = Table(
    "trainee_target_groups",
    db.metadata,
    Column("trainee_id", ForeignKey("trainees.id", ondelete="CASCADE"), primary_key=True),
    Column("target_group_id", ForeignKey("target_groups.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Trainee(Audited, SearchableMixin, VersionedMixin, db.Model):
    """A person trained by the programme; the name is kept as written, in Persian and/or Arabic script."""

    __tablename__ = "trainees"
    # A national ID is one person's: never twice on one side (NULLs — no ID given — are not compared).
    __table_args__ = (UniqueConstraint("side_id", "id_key"),)
    # Names only: the phone and the national ID are matched whole (see search_condition), never by a part,
    # or the masked ID could be read back one digit at a time from what a search finds.
    __search_fields__ = ("name_fa", "name_ar", "name_en")
    __audit_redact__ = ("national_id", "passport_number")
    __audit_skip__ = ("name_phone_key", "id_key")  # derived from the name, phone and ID: never in the trail
    audit_name = _l("Trainee")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_fa: Mapped[str] = mapped_column(String(200), default="")
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    gender: Mapped[str] = mapped_column(String(1))
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    # The centre that registered the trainee (a liaison scoped to a centre sees its trainees only).
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id", ondelete="SET NULL"), nullable=True,
                                                  index=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    education: Mapped[str] = mapped_column(String(20), default="secondary")
    phone: Mapped[str] = mapped_column(String(40), default="")
    national_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # Printed on certificates, which are read abroad: the father's name as written, and the passport number.
    father_name_fa: Mapped[str] = mapped_column(String(200), default="", server_default="")
    father_name_ar: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # In Latin letters as the passport spells them: the certificate's English page prints these.
    name_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    father_name_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    passport_number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # Folded name + phone in one form, and folded ID: the keys duplicate detection compares; search matches
    # the phone part and the ID key whole.
    name_phone_key: Mapped[str] = mapped_column(String(300), default="", index=True)
    id_key: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)

    side = relationship("Side", lazy="joined", foreign_keys=[side_id])
    # A trainee may belong to several target groups (a graduate who is also a job seeker).
    target_groups = relationship("TargetGroup", secondary=trainee_target_groups, lazy="selectin",
                                 order_by="TargetGroup.sort_order")

    @property
    def name(self) -> str:
        return pick(self, "name")

    @property
    def target_group_ids(self) -> list[int]:
        return [g.id for g in self.target_groups]

    @property
    def waiting_rank(self) -> int:
        """The best (lowest) waiting-list priority among the trainee's target groups; NO_PRIORITY without one."""
        return min((g.waiting_priority for g in self.target_groups if g.waiting_priority is not None),
                   default=NO_PRIORITY)

    @property
    def masked_national_id(self) -> str:
        """Only the last three characters are shown: enough to tell people apart, not to misuse."""
        value = self.national_id or ""
        return "" if not value else "•" * max(len(value) - 3, 3) + value[-3:]

    @property
    def father_name(self) -> str:
        return pick(self, "father_name")

    @property
    def masked_passport_number(self) -> str:
        value = self.passport_number or ""
        return "" if not value else "•" * max(len(value) - 3, 3) + value[-3:]

    @property
    def gender_label(self):
        return GENDERS.get(self.gender, self.gender)

    @property
    def education_label(self):
        return EDUCATION.get(self.education, self.education)

    def audit_label(self) -> str:
        return self.name_fa or self.name_ar

    def refresh_search_key(self) -> None:
        """Also keep the duplicate-detection keys: folded name + phone, and the folded ID."""
        super().refresh_search_key()
        self.name_phone_key = name_phone_key(self.name_fa or self.name_ar, self.phone)
        self.id_key = national_id_key(self.national_id)


def waiting_rank_of(trainee_id_column):
    """SQL twin of Trainee.waiting_rank, correlated to a trainee id column (the waiting list orders by it)."""
    best = (select(func.min(TargetGroup.waiting_priority))
            .join(trainee_target_groups, trainee_target_groups.c.target_group_id == TargetGroup.id)
            .where(trainee_target_groups.c.trainee_id == trainee_id_column).scalar_subquery())
    return func.coalesce(best, NO_PRIORITY)


def name_phone_key(name: str | None, phone: str | None) -> str:
    return f"{fold(name)}|{phone_key(phone)}"[:300]


def national_id_key(national_id: str | None) -> str | None:
    return identity_key(national_id)[:40] or None


def search_condition(query: str):
    """Trainees a search finds: any folded part of a name, or the whole national ID, or the whole phone number.

    Parts of an ID or a phone find nothing: the lists show the ID masked, and a search that matched its
    first digits would give it away one digit at a time.
    """
    conditions = [Trainee.search_key.like(like_pattern(query), escape="\\")]
    id_key = national_id_key(query)
    if id_key:
        conditions.append(Trainee.id_key == id_key)
    phone = phone_key(query)
    if phone:
        # The phone is the last part of name_phone_key, after the one "|" a folded phone never holds.
        conditions.append(Trainee.name_phone_key.like(f"%|{escape_like(phone)}", escape="\\"))
    return or_(*conditions)
