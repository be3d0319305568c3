"""Telling the owners of what a new or moved day off now falls on: a course's sessions, a trainer's trip, an
equipment booking (catalog.holidays.CLASH_TELLERS, registered in create_app). One notice per record, on the
first day it touches, however many of its sessions or days the change covers."""

from __future__ import annotations

from ..catalog.models import Side
from ..extensions import db
from .events import day, names, raise_event


def tell_day_off_clashes(found, side_id: int) -> None:
    side = db.session.get(Side, side_id)
    firsts: dict = {}
    for clash in found:
        if clash.record is not None:
            firsts.setdefault((clash.kind, clash.record.__tablename__, clash.record.id), clash)
    for (kind, _table, _id), clash in firsts.items():
        raise_event(f"dayoff.{kind}", clash.record, clash.owners(),
                    data={"what": clash.what, "side": names(side), "day": day(clash.day)},
                    link=(clash.endpoint, clash.args))
