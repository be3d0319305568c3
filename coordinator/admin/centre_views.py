"""The centres import page: upload, preview every row, confirm; the admin's tool for setting up a year."""

from __future__ import annotations

import json

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..auth.permissions import require
from ..forms import BaseForm
from ..trainees.importing import ImportRefused
from ..web import saved
from . import centre_import
from .blueprint import bp


@bp.route("/centres/import", methods=["GET", "POST"])
@require("catalog.manage")
def centre_import_file():
    form = BaseForm()
    rows, error, lines = None, None, None
    if request.method == "POST" and form.validate_on_submit():
        upload = request.files.get("file")
        try:
            if upload is None or not upload.filename:
                raise ImportRefused(_("Choose a file to upload."))
            lines = centre_import.read_cells(upload.filename, upload.read(centre_import.MAX_BYTES + 1))
            rows = centre_import.check(lines)
        except ImportRefused as refused:
            error = str(refused.message)
    elif request.method == "POST":
        error = _("The form expired. Upload the file again.")
    status = 400 if error or (rows and any(r.errors for r in rows)) else 200
    return render_template("admin/centre_import.html", form=form, rows=rows, error=error,
                           cells=json.dumps(lines, ensure_ascii=False) if lines else ""), status


@bp.route("/centres/import/confirm", methods=["POST"])
@require("catalog.manage")
def centre_import_confirm():
    form = BaseForm()
    if not form.validate_on_submit():
        return redirect(url_for("admin.centre_import_file"))
    try:
        lines = [(int(number), {str(k): str(v) for k, v in cells.items()})
                 for number, cells in json.loads(request.form.get("cells") or "[]")][:centre_import.MAX_ROWS]
    except (ValueError, TypeError, AttributeError):
        lines = []
    rows = centre_import.check(lines)  # judged again: the page's copy is not trusted
    if not rows or any(r.errors for r in rows):
        return render_template("admin/centre_import.html", form=form, rows=rows, cells="",
                               error=_("Nothing has been imported. Correct the file and upload it again.")), 400
    centres = centre_import.import_rows(rows)
    return saved(ngettext("%(num)s centre imported.", "%(num)s centres imported.", len(centres)),
                 url_for("catalog.listing", kind="centres"))
