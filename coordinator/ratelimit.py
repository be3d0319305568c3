"""Rate limits counted in the database, so every app process (gunicorn worker, second server) shares them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from .db import UTCDateTime, utcnow
from .extensions import db


class RateLimitHit(db.Model):
    """One counted request of a limited kind ("verify") from one key (an address), kept for the window."""

    __tablename__ = "rate_limit_hits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def hit(bucket: str, key: str, limit: int, window: timedelta, now: datetime | None = None) -> bool:
    """Count one hit; False when the key is already at its limit in the window (a refused hit is not counted).

    Flushes; the caller commits. Two processes checking at the same instant may both let one extra hit
    through: a throttle, not an exact quota.
    """
    now = now or utcnow()
    since = now - window
    key = key[:64]
    # Old hits of every key go, so the table stays as small as the window.
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.at < since))
    count = db.session.scalar(
        select(func.count()).select_from(RateLimitHit)
        .where(RateLimitHit.bucket == bucket, RateLimitHit.key == key, RateLimitHit.at >= since)
    )
    if count >= limit:
        return False
    db.session.add(RateLimitHit(bucket=bucket, key=key, at=now))
    db.session.flush()
    return True
