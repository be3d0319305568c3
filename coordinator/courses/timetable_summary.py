"""A timetable said in one line: the weekly pattern most sessions follow, and the sessions that do not."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import time


def week_order(weekday: int) -> int:
    """Python's weekday (Monday 0) → its place in the Iranian and Iraqi week, which starts on Saturday."""
    return (weekday - 5) % 7


@dataclass
class Pattern:
    """Most sessions: these weekdays (Python numbers, in week order), these host-clock times."""

    weekdays: list[int]
    start: time
    end: time
    count: int

    @property
    def day_run(self) -> tuple[int, int] | None:
        """(first, last) when the days follow each other and are three or more ("Saturday to Wednesday")."""
        places = [week_order(d) for d in self.weekdays]
        if len(places) >= 3 and places == list(range(places[0], places[0] + len(places))):
            return self.weekdays[0], self.weekdays[-1]
        return None


@dataclass
class Summary:
    total: int
    pattern: Pattern | None
    exceptions: list = field(default_factory=list)  # sessions at other times than the pattern's


def summarise(sessions) -> Summary:
    """The most common start and end time makes the pattern; its weekdays are those any such session falls on.
    Sessions at other times are the exceptions, listed by the page under the pattern."""
    sessions = list(sessions)
    if not sessions:
        return Summary(0, None)
    (start, end), count = Counter((s.start_time, s.end_time) for s in sessions).most_common(1)[0]
    weekdays = sorted({s.day.weekday() for s in sessions if (s.start_time, s.end_time) == (start, end)},
                      key=week_order)
    exceptions = [s for s in sessions if (s.start_time, s.end_time) != (start, end)]
    return Summary(len(sessions), Pattern(weekdays, start, end, count), exceptions)
