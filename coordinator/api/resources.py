"""Every resource blueprint of the API, in the order the documentation lists them."""

from __future__ import annotations


def blueprints() -> list:
    from . import agro, catalog, competitions, courses, curricula, equipment, exchanges, meetings, progress, trainees
    from . import meeting_records  # noqa: F401  (its routes join the meetings blueprint)

    return [catalog.blp, courses.blp, trainees.blp, exchanges.blp, curricula.blp, equipment.blp, agro.blp,
            competitions.blp, meetings.blp, progress.blp]
