"""Plan against actual: each side's targets (the plan area) against that side's progress in the period.

The plan area sits below this one, so it is handed the actual figures: each side's progress report for
the period, computed only for sides that have targets in a year the period overlaps.
"""

from __future__ import annotations

from ..plan.compare import PlanComparison, plan_rows
from .model import Period
from .services import progress


def plan_for(period: Period) -> PlanComparison:
    def actual_of(side_id: int):
        return progress(Period(period.start, period.end, side_id))

    return plan_rows(period.start, period.end, actual_of, period.side_id)
