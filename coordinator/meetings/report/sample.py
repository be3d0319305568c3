"""`flask meeting-report`: write a meeting report PDF to a file (docs/sample-meeting-report.pdf from demo data)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ...config import ROOT
from ...extensions import db
from ..models import Meeting
from .pdf import LANGS, build_meeting_report

DEFAULT_OUTPUT = ROOT / "docs" / "sample-meeting-report.pdf"


def latest_closed_meeting() -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.status == "closed")
                             .order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(1))


@click.command("meeting-report")
@with_appcontext
@click.option("--meeting-id", type=int, default=None, help="The meeting; by default the latest closed one.")
@click.option("--lang", type=click.Choice(LANGS), default="bilingual", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=DEFAULT_OUTPUT,
              show_default=True)
def meeting_report(meeting_id, lang, output):
    """Write the report of a meeting as a PDF file."""
    meeting = db.session.get(Meeting, meeting_id) if meeting_id is not None else latest_closed_meeting()
    if meeting is None:
        raise click.ClickException(f"no meeting with id {meeting_id}" if meeting_id is not None
                                   else "no closed meeting yet; load the demo data (flask demo-data) first")
    pdf = build_meeting_report(meeting, lang)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf)
    db.session.rollback()  # a report only reads
    click.echo(f"Wrote {output} ({len(pdf) // 1024} KB, meeting {meeting.id}, {lang}).")
