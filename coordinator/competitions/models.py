"""Skill competitions, their participants (trainees of either side) and results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import NamedMixin, SearchableMixin, VersionedMixin
from ..extensions import db

LEVELS = {"provincial": _l("Provincial"), "national": _l("National"), "international": _l("International")}
MEDALS = {"gold": _l("Gold"), "silver": _l("Silver"), "bronze": _l("Bronze"),
          "excellence": _l("Medallion for excellence")}


class Competition(Audited, SearchableMixin, NamedMixin, VersionedMixin, db.Model):
    __tablename__ = "competitions"
    audit_name = _l("Skill competition")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(15), index=True)
    skill_standard_id: Mapped[int] = mapped_column(ForeignKey("skill_standards.id", ondelete="RESTRICT"),
                                                   index=True)
    organiser_side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(300), default="")

    skill_standard = relationship("SkillStandard", lazy="joined")
    organiser_side = relationship("Side", lazy="joined")
    participants = relationship("Participant", back_populates="competition", cascade="all, delete-orphan",
                                lazy="selectin")

    @property
    def level_label(self):
        return LEVELS.get(self.level, self.level)


class Participant(Audited, VersionedMixin, db.Model):
    __tablename__ = "competition_participants"
    __table_args__ = (UniqueConstraint("competition_id", "trainee_id"),)
    audit_name = _l("Competition participant")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="RESTRICT"), index=True)
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2), nullable=True)
    rank: Mapped[int | None] = mapped_column(Integer, nullable=True)
    medal: Mapped[str | None] = mapped_column(String(12), nullable=True)

    competition = relationship(Competition, back_populates="participants")
    trainee = relationship("Trainee", lazy="joined")

    @property
    def medal_label(self):
        return MEDALS.get(self.medal, "") if self.medal else ""

    def audit_parent(self):
        return ("competitions", self.competition_id)
