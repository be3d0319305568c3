"""Every resource blueprint of the API, in the order the documentation lists them."""

from __future__ import annotations


def blueprints() -> list:
    from . import (
        agro,
        budget,
        catalog,
        competitions,
        courses,
        curricula,
        equipment,
        exchanges,
        meeting_records,  # noqa: F401  (its routes join the meetings blueprint)
        meetings,
        plan,
        progress,
        trainees,
        visits,
    )

    return [catalog.blp, courses.blp, trainees.blp, exchanges.blp, curricula.blp, equipment.blp, agro.blp,
            competitions.blp, visits.blp, meetings.blp, plan.blp, budget.blp, progress.blp]
