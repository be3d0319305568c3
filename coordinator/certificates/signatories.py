"""Who signs each side's certificates: name and post in three languages, a signature and a seal image.

The images follow the upload rules of curriculum documents (size cap, type judged by content, a file whose
name says one type and whose content is another refused, generated names outside static/), and must be PNG or
JPEG pictures that really decode, of a sensible size: the certificate PDF draws them. Services flush, never
commit; the caller removes replaced files once the change is committed.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from ..curricula import uploads
from ..db import check_version
from ..errors import InvalidValues
from ..extensions import db
from ..l10n.digits import Shown, strip_bidi
from .models import IMAGE_KINDS, Signatory, SignatoryImage

TEXT_FIELDS = ("name_fa", "name_ar", "name_en", "post_fa", "post_ar", "post_en")
REQUIRED = ("name_fa", "name_ar", "post_fa", "post_ar")  # the certificate's two languages; English is optional
MAX_TEXT = 200
IMAGE_TYPES = ("png", "jpeg")
MAX_SIDE_PX = 4000  # a scanned signature at 600 dpi is well under this; far larger is no signature


@dataclass(frozen=True)
class Block:
    """A side's signatory as the certificate draws it: texts by language, the images' files (or None)."""

    side_id: int
    name: dict
    post: dict
    signature: Path | None
    seal: Path | None


def signatory_of(side_id: int) -> Signatory | None:
    return db.session.scalar(select(Signatory).where(Signatory.side_id == side_id))


def check_texts(values: dict) -> tuple[dict, list]:
    """The names and posts normalised, and every problem found in them."""
    data, problems = {}, []
    for key in TEXT_FIELDS:
        data[key] = " ".join(strip_bidi(values.get(key) or "").split())
        if len(data[key]) > MAX_TEXT:
            problems.append((key, _l("Enter no more than %(count)s characters.", count=Shown(MAX_TEXT))))
        elif key in REQUIRED and not data[key]:
            problems.append((key, _l("The certificate prints this in Persian and Arabic: fill it in.")))
    return data, problems


def save(side, values: dict, version, user) -> Signatory:
    """Create or correct a side's signatory; a stale form is refused before any change."""
    signatory = signatory_of(side.id)
    if signatory is not None:
        check_version(signatory, version)
    data, problems = check_texts(values)
    if problems:
        raise InvalidValues(problems)
    if signatory is None:
        signatory = Signatory(side_id=side.id)
        db.session.add(signatory)
    for key, value in data.items():
        setattr(signatory, key, value)
    signatory.updated_by_id = user.id
    db.session.flush()
    return signatory


def check_image(filename: str | None, data: bytes, field: str):
    """The upload judged as a signature or seal: uploads' rules, then PNG or JPEG that decodes, not huge."""
    try:
        checked = uploads.check_upload(filename, data)
    except uploads.UploadRefused as refused:
        raise InvalidValues([(field, refused.message)]) from None
    if checked.kind not in IMAGE_TYPES:
        raise InvalidValues([(field, _l("A signature or a seal is a picture: upload a PNG or JPEG image."))])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                width, height = picture.size
                if width > MAX_SIDE_PX or height > MAX_SIDE_PX:
                    raise InvalidValues([(field, _l(
                        "The image is %(width)s × %(height)s pixels; at most %(max)s on each side. Scan it at a "
                        "lower resolution.", width=Shown(width), height=Shown(height), max=Shown(MAX_SIDE_PX)))])
                picture.verify()
    except InvalidValues:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombWarning,
            Image.DecompressionBombError):
        raise InvalidValues([(field, _l("The image is damaged or cannot be read. Save it again as PNG or JPEG "
                                        "and upload it."))]) from None
    return checked


def set_image(signatory: Signatory, kind: str, filename: str | None, data: bytes, user) -> str | None:
    """Attach (or replace) the signature or seal; returns the replaced file's stored name, to remove after
    the commit. The new file is written now and removed again if the change fails."""
    if kind not in IMAGE_KINDS:
        raise InvalidValues([(kind, _l("Unknown kind of image."))])
    checked = check_image(filename, data, kind)
    stored_name = uploads.store(data, checked.extension)
    try:
        old = signatory.image(kind)
        replaced = old.stored_name if old is not None else None
        if old is not None:
            signatory.images.remove(old)
            db.session.flush()  # the (signatory, kind) pair is unique: the old row goes first
        signatory.images.append(SignatoryImage(
            kind=kind, original_name=checked.original_name, stored_name=stored_name,
            content_type=checked.content_type, size=checked.size, sha256=checked.sha256, uploaded_by_id=user.id))
        db.session.flush()
    except Exception:
        uploads.remove(stored_name)
        raise
    return replaced


def remove_image(signatory: Signatory, kind: str) -> str | None:
    """Take the signature or seal off; returns its stored name, to remove after the commit."""
    old = signatory.image(kind)
    if old is None:
        return None
    signatory.images.remove(old)
    db.session.flush()
    return old.stored_name


def image_path(image: SignatoryImage | None) -> Path | None:
    """The image's file, if it is there (a restore without files leaves rows without them)."""
    if image is None:
        return None
    path = uploads.path_of(image.stored_name)
    return path if path is not None and path.is_file() else None


def blocks(side_ids) -> dict[int, Block]:
    """The signatory blocks of these sides, for the certificate PDF (sides without a signatory are left out)."""
    found = db.session.scalars(select(Signatory).where(Signatory.side_id.in_(list(side_ids))))
    return {s.side_id: Block(
        side_id=s.side_id,
        name={"fa": s.name_fa, "ar": s.name_ar, "en": s.name_en},
        post={"fa": s.post_fa, "ar": s.post_ar, "en": s.post_en},
        signature=image_path(s.image("signature")), seal=image_path(s.image("seal")),
    ) for s in found}


def update(side, values: dict, version, user, images: dict, removals) -> tuple[Signatory, list[str]]:
    """The whole form at once: texts, new images (kind → (filename, bytes)), images taken off. All or nothing:
    a refused image removes the files this call wrote. Returns the signatory and the stored names it replaced,
    which the caller removes once committed."""
    existing = signatory_of(side.id)
    if existing is not None:
        check_version(existing, version)  # a stale form first: its other problems may be someone else's fixes
    # Every problem of the form at once: the texts' and each image's.
    problems = check_texts(values)[1]
    for kind, (filename, data) in images.items():
        try:
            check_image(filename, data, kind)
        except InvalidValues as refused:
            problems += [(p.field, p.message) for p in refused.problems]
    if problems:
        raise InvalidValues(problems)
    signatory = save(side, values, version, user)
    replaced, written = [], []
    try:
        for kind in IMAGE_KINDS:
            if kind in images:
                replaced.append(set_image(signatory, kind, *images[kind], user))
                written.append(signatory.image(kind).stored_name)
            elif kind in removals:
                replaced.append(remove_image(signatory, kind))
    except Exception:
        for name in written:
            uploads.remove(name)
        raise
    return signatory, [name for name in replaced if name]
