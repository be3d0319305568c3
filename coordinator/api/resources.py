"""Every resource blueprint of the API, in the order the documentation lists them."""

from __future__ import annotations


def blueprints() -> list:
    from . import (
        agro,
        catalog,
        competitions,
        courses,
        curricula,
        equipment,
        exchanges,
        meetings,
        progress,
        trainees,
        visits,
    )

    return [catalog.blp, courses.blp, trainees.blp, exchanges.blp, curricula.blp, equipment.blp, agro.blp,
            competitions.blp, visits.blp, meetings.blp, progress.blp]
