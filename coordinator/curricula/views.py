"""Curriculum pages: list, detail, create, edit, versions, documents, sharing, comments, tasks."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from ..audit import history_for
from ..auth.permissions import can, login_required, require
from ..catalog.models import Side, SkillStandard
from ..errors import DomainError
from ..extensions import db
from ..l10n.folding import like_pattern
from ..viewer import viewer_lang, viewer_today
from ..web import NOT_TRIED, attempt, error_page, int_arg, load, permit, saved
from . import services, translation, uploads
from .blueprint import bp
from .forms import CommentForm, CurriculumForm, DocumentForm, ShareForm, TaskForm, VersionForm
from .models import SHARE_STEPS, VERSION_LANGUAGES, Curriculum, CurriculumDocument, CurriculumVersion, TranslationTask


def _standards():
    return db.session.scalars(select(SkillStandard).where(SkillStandard.active.is_(True))
                              .order_by(SkillStandard.code)).all()


def _sides():
    return db.session.scalars(select(Side).order_by(Side.id)).all()


# List ----------------------------------------------------------------------------------------------------


@bp.route("/")
@require("curriculum.view")
def listing():
    q = request.args.get("q", "").strip()[:200]
    side, skill = int_arg("side"), int_arg("skill")
    language = request.args.get("language", "")
    stmt = select(Curriculum)
    if q:
        stmt = stmt.where(Curriculum.search_key.like(like_pattern(q), escape="\\"))
    if side:
        stmt = stmt.where(Curriculum.side_id == side)
    if skill:
        stmt = stmt.where(Curriculum.skill_standard_id == skill)
    if language in VERSION_LANGUAGES:
        stmt = stmt.where(Curriculum.id.in_(select(CurriculumVersion.curriculum_id)
                                            .where(CurriculumVersion.language == language)))
    else:
        language = ""
    pagination = db.paginate(stmt.order_by(Curriculum.id.desc()), page=int_arg("page", 1, 100000),
                             per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("curricula/list.html", pagination=pagination, q=q, side=side, skill=skill,
                           language=language, sides=_sides(), standards=_standards(), languages=VERSION_LANGUAGES)


# Detail --------------------------------------------------------------------------------------------------


def render_detail(curriculum: Curriculum, status: int = 200, **forms):
    versions = list(curriculum.versions)
    tasks = db.session.scalars(
        select(TranslationTask).join(CurriculumVersion, TranslationTask.source_version_id == CurriculumVersion.id)
        .where(CurriculumVersion.curriculum_id == curriculum.id).order_by(TranslationTask.due_on)).all()
    steps = services.share_steps(curriculum)
    return render_template(
        "curricula/detail.html", curriculum=curriculum, versions=versions, steps=steps,
        share_allowed=services.allowed_share_steps(curriculum, current_user, steps), share_labels=SHARE_STEPS,
        threads=services.comment_threads(curriculum), tasks=tasks, languages=VERSION_LANGUAGES,
        task_actions={t.id: translation.allowed_actions(t, current_user) for t in tasks},
        task_labels=translation.ACTION_LABELS, today=viewer_today(), is_overdue=translation.is_overdue,
        results={t.id: translation.matching_results(t) for t in tasks if t.status == "in_review"},
        may_manage=can(current_user, "curriculum.manage", curriculum),
        may_documents={v.id: services.may_edit_documents(current_user, v) for v in versions},
        history=history_for("curricula", curriculum.id),
        version_form=forms.get("version_form") or VersionForm(prefix="v", versions=versions),
        document_form=forms.get("document_form") or DocumentForm(),
        document_errors=forms.get("document_errors") or {},
        comment_form=forms.get("comment_form") or CommentForm(prefix="c"),
        share_form=ShareForm(prefix="s"),
        task_form=forms.get("task_form") or TaskForm(prefix="t", versions=versions,
                                                      translators=translation.translators()),
        max_mb=current_app.config.get("UPLOAD_MAX_MB", 10),
    ), status


@bp.route("/<int:curriculum_id>")
@login_required
def detail(curriculum_id):
    return render_detail(load(Curriculum, curriculum_id, "curriculum.view"))


def _done(curriculum_id: int, message: str, anchor: str | None = None):
    return saved(message, url_for("curricula.detail", curriculum_id=curriculum_id, _anchor=anchor))


# Create and edit -----------------------------------------------------------------------------------------


def _form(curriculum=None):
    sides = _sides()
    if current_user.role == "liaison":
        sides = [s for s in sides if s.id == current_user.side_id]
    form = CurriculumForm(obj=curriculum, standards=_standards(), sides=sides)
    if current_user.role == "liaison" or curriculum is not None:
        # The owner side is the liaison's own (and never changes): whatever is posted is ignored.
        form.side_id.validate_choice = False
    if curriculum is not None and request.method == "GET":
        form.version.data = curriculum.version
    return form


@bp.route("/new", methods=["GET", "POST"])
@require("curriculum.manage")
def create():
    form = _form()
    if form.validate_on_submit() and (done := attempt(form, lambda: services.create_curriculum(form.values(),
                                                                                                current_user))):
        return _done(done.result.id, _("Curriculum created. Add its first version and documents."))
    return render_template("curricula/edit.html", form=form, curriculum=None), 400 if request.method == "POST" else 200


@bp.route("/<int:curriculum_id>/edit", methods=["GET", "POST"])
@login_required
def edit(curriculum_id):
    curriculum = load(Curriculum, curriculum_id, "curriculum.manage")
    form = _form(curriculum)
    done = NOT_TRIED
    if form.validate_on_submit():
        done = attempt(form, lambda: services.update_curriculum(curriculum, form.values(),
                                                                request.form.get("version"), current_user),
                       stale=(curriculum, services.CURRICULUM_FIELDS))
        if done:
            return _done(curriculum.id, _("Curriculum saved."))
    status = 400 if request.method == "POST" else 200
    return render_template("curricula/edit.html", form=form, curriculum=curriculum, current=done.current), status


# Versions and documents ----------------------------------------------------------------------------------


@bp.route("/<int:curriculum_id>/versions", methods=["POST"])
@login_required
def add_version(curriculum_id):
    curriculum = load(Curriculum, curriculum_id, "curriculum.view")
    form = VersionForm(prefix="v", versions=list(curriculum.versions))
    if not form.validate():
        if not (can(current_user, "curriculum.manage", curriculum) or can(current_user, "translation.work")):
            abort(403)
        return render_detail(curriculum, 400, version_form=form)
    done = attempt(form, lambda: services.add_version(curriculum, current_user, form.language.data,
                                                      form.change_note.data, form.source_version_id.data or None))
    if not done:
        return render_detail(curriculum, done.error.status, version_form=form)
    return _done(curriculum.id, _("Version %(number)s added.", number=done.result.number), f"v{done.result.id}")


def _read_upload():
    """The uploaded file's name and bytes, reading one byte past the cap at most."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return None, None
    return upload.filename, upload.stream.read(uploads.max_bytes() + 1)


@bp.route("/versions/<int:version_id>/documents", methods=["POST"])
@login_required
def upload_document(version_id):
    version = load(CurriculumVersion, version_id)
    curriculum = load(Curriculum, version.curriculum_id, "curriculum.view")
    # Refused before the file is read: who may not upload learns nothing about the file's checks.
    if not services.may_edit_documents(current_user, version):
        abort(403)
    form = DocumentForm()
    if not form.validate():
        return render_detail(curriculum, 400, document_form=form)
    filename, data = _read_upload()
    if filename is None:
        return render_detail(curriculum, 400, document_errors={version.id: _("Choose a file to upload.")})
    try:
        document = services.upload_document(version, current_user, filename, data)
    except DomainError as exc:  # shown next to the version's upload field, not above the page
        db.session.rollback()
        return render_detail(curriculum, exc.status, document_errors={version.id: str(exc.message)})
    try:
        return saved(_("“%(name)s” uploaded.", name=document.original_name),
                     url_for("curricula.detail", curriculum_id=curriculum.id, _anchor=f"v{version.id}"))
    except Exception:
        db.session.rollback()
        uploads.remove(document.stored_name)  # nothing half-written: no row, no file
        raise


@bp.route("/documents/<int:document_id>/delete", methods=["POST"])
@login_required
def delete_document(document_id):
    document = load(CurriculumDocument, document_id)
    curriculum = load(Curriculum, document.version.curriculum_id, "curriculum.view")
    name = document.original_name
    try:
        stored_name = services.delete_document(document, current_user)  # PermissionDenied: the 403 page
    except services.DocumentGone as exc:
        # A double click: the first click deleted it; this one lands where the first did, and says so.
        db.session.rollback()
        flash(str(exc.message), "info")
        return redirect(url_for("curricula.detail", curriculum_id=curriculum.id))
    response = saved(_("“%(name)s” deleted.", name=name), url_for("curricula.detail", curriculum_id=curriculum.id))
    # Only after the commit: a failed commit keeps both the row and its file.
    uploads.remove(stored_name)
    return response


@bp.route("/documents/<int:document_id>")
@login_required
def download(document_id):
    document = load(CurriculumDocument, document_id)
    load(Curriculum, document.version.curriculum_id, "curriculum.view")
    return uploads.send_document(document)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A body beyond the app's own limit never reaches the view: say so in the reader's words."""
    return error_page(413, uploads.too_large().message)


# Sharing and comments ------------------------------------------------------------------------------------


@bp.route("/<int:curriculum_id>/share/<step>", methods=["POST"])
@login_required
def share(curriculum_id, step):
    curriculum = load(Curriculum, curriculum_id, "curriculum.share")
    if step not in SHARE_STEPS:
        abort(404)
    form = ShareForm(prefix="s")
    form.validate()
    done = attempt(None, lambda: services.share(curriculum, current_user, step, form.note.data or ""))
    if not done:
        return render_detail(curriculum, done.error.status)
    return _done(curriculum.id, _("Sharing step recorded: %(step)s.", step=SHARE_STEPS[step]), "sharing")


@bp.route("/<int:curriculum_id>/comments", methods=["POST"])
@require("curriculum.comment")
def comment(curriculum_id):
    curriculum = load(Curriculum, curriculum_id, "curriculum.view")
    form = CommentForm(prefix="c")
    if not form.validate():
        return render_detail(curriculum, 400, comment_form=form)
    parent = form.parent_id.data or ""
    done = attempt(form, lambda: services.add_comment(curriculum, current_user, form.body.data,
                                                      int(parent) if parent.isdigit() else None))
    if not done:
        return render_detail(curriculum, done.error.status, comment_form=form)
    return _done(curriculum.id, _("Comment added."), "comments")


# Translation tasks ---------------------------------------------------------------------------------------


@bp.route("/<int:curriculum_id>/tasks", methods=["POST"])
@require("translation.manage")
def add_task(curriculum_id):
    curriculum = load(Curriculum, curriculum_id, "curriculum.view")
    versions = list(curriculum.versions)
    form = TaskForm(prefix="t", versions=versions, translators=translation.translators())
    if not form.validate():
        return render_detail(curriculum, 400, task_form=form)
    version = next(v for v in versions if v.id == form.source_version_id.data)
    done = attempt(form, lambda: translation.create_task(version, current_user, form.target_language.data,
                                                         form.translator_id.data, form.due_on.data,
                                                         viewer_today()))
    if not done:
        return render_detail(curriculum, done.error.status, task_form=form)
    return _done(curriculum.id, _("Translation task created."), "tasks")


def lang_name(code: str) -> str:
    return str(VERSION_LANGUAGES.get(code, code))


@bp.app_template_filter("curriculum_language")
def _language_filter(code):
    return lang_name(code)


@bp.app_context_processor
def _curriculum_helpers():
    return {"viewer_lang": viewer_lang}


# Translation tasks ----------------------------------------------------------------------------------------


@bp.route("/tasks")
@require("curriculum.view")
def tasks():
    today = viewer_today()
    rows = db.session.scalars(translation.open_tasks_query(current_user)).all()
    only_overdue = request.args.get("overdue") == "1"
    if only_overdue:
        rows = [t for t in rows if translation.is_overdue(t, today)]
    return render_template("curricula/tasks.html", tasks=rows, today=today, only_overdue=only_overdue,
                           languages=VERSION_LANGUAGES, is_overdue=translation.is_overdue)


@bp.route("/tasks/<int:task_id>/<action>", methods=["POST"])
@login_required
def task_action(task_id, action):
    task = load(TranslationTask, task_id, "curriculum.view")
    if action not in translation.ACTIONS:
        abort(404)
    permit(translation.ACTIONS[action][2], task)
    curriculum_id = task.source_version.curriculum_id
    result = request.form.get("result_version_id", "")
    done = attempt(None, lambda: translation.move(task, current_user, action, request.form.get("version", ""),
                                                  int(result) if result.isdigit() else None))
    if not done:
        return render_detail(load(Curriculum, curriculum_id, "curriculum.view"), done.error.status)
    return saved(translation.ACTIONS[action][3],
                 url_for("curricula.detail", curriculum_id=curriculum_id, _anchor="tasks"))
