"""Who signs each side's certificates: the list, the form (texts and images), the images themselves."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import can, login_required, require
from ..catalog.models import Side
from ..curricula import uploads
from ..extensions import db
from ..web import attempt, load, saved
from . import signatories as services
from .blueprint import signatories_bp as bp
from .forms import SignatoryForm
from .models import IMAGE_KINDS


def _of_side(side: Side) -> SimpleNamespace:
    return SimpleNamespace(side_id=side.id)  # what the permission rules ask of a record: its side


@bp.route("/")
@require("signatory.view")
def listing():
    sides = list(db.session.scalars(select(Side).where(Side.active.is_(True)).order_by(Side.id)))
    rows = [(side, services.signatory_of(side.id), can(current_user, "signatory.manage", _of_side(side)))
            for side in sides]
    return render_template("certificates/signatories.html", rows=rows)


def _read(name: str):
    """The uploaded file's name and bytes, reading one byte past the cap at most."""
    upload = request.files.get(name)
    if upload is None or not upload.filename:
        return None
    return upload.filename, upload.stream.read(uploads.max_bytes() + 1)


@bp.route("/<int:side_id>", methods=["GET", "POST"])
@login_required
def edit(side_id):
    side = load(Side, side_id, "signatory.manage", of=_of_side)
    signatory = services.signatory_of(side.id)
    form = SignatoryForm(obj=signatory)
    if form.validate_on_submit():
        images = {kind: upload for kind in IMAGE_KINDS if (upload := _read(kind))}
        removals = {kind for kind in IMAGE_KINDS if request.form.get(f"remove_{kind}")}
        done = attempt(form, lambda: services.update(side, form.values(), request.form.get("version"),
                                                     current_user, images, removals))
        if done:
            signatory, replaced = done.result
            written = [i.stored_name for i in signatory.images if i.kind in images]
            try:
                response = saved(_("Saved: who signs the certificates of %(side)s.", side=side.name),
                                 url_for("signatories.listing"))
            except Exception:
                db.session.rollback()
                for name in written:
                    uploads.remove(name)  # nothing half-written: no row, no file
                raise
            for name in replaced:
                uploads.remove(name)
            return response
    status = 400 if request.method == "POST" else 200
    return render_template("certificates/signatory_edit.html", form=form, side=side, signatory=signatory), status


@bp.route("/<int:side_id>/<kind>")
@require("signatory.view")
def image(side_id, kind):
    if kind not in IMAGE_KINDS:
        abort(404)
    signatory = services.signatory_of(side_id)
    path = services.image_path(signatory.image(kind) if signatory else None)
    if path is None:
        abort(404)
    picture = signatory.image(kind)
    response = send_file(path, mimetype=picture.content_type, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
