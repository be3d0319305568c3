"""The page side of a file attached to a record, shared by the areas that attach files (meetings, study
visits): a refused upload is shown beside its field, and no stored file outlives its row or goes before it."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import DomainError
from ..extensions import db
from ..web import act, saved
from . import uploads


def attach(add: Callable, refused: Callable, message: Callable, url: str):
    """Run `add()` (a service that stores the file and flushes its row), then the one commit. A refusal:
    `refused(error)` shows the page again with its message. A commit that fails removes the stored file."""
    try:
        record = add()
    except DomainError as error:
        db.session.rollback()
        return refused(error)
    try:
        return saved(message(record), url)
    except Exception:
        db.session.rollback()
        uploads.remove(record.stored_name)  # nothing half-written: no row, no file
        raise


def detach(delete: Callable, model, record_id: int, message, url: str):
    """Run `delete()` (a service that deletes the row and returns its stored file's name) with the one commit;
    the file is removed only once the row is gone, so a refusal keeps it."""
    removed: list[str] = []
    response = act(lambda: removed.append(delete()), message, url)
    for stored_name in removed:
        if db.session.get(model, record_id) is None:
            uploads.remove(stored_name)
    return response
