"""The photos of a visit in its report PDF: the visit's PNG and JPEG attachments (already checked by the upload
rules), each scaled to the page's width (or kept smaller when it is small), under a "Photos" heading, full
width after the two language columns, each with its file name as caption. A stored file that is missing or
that the image reader refuses is left out, never a failed report."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, KeepTogether, Spacer

from ..curricula import uploads
from ..l10n.locales import babel_locale
from ..reports.pdf_layout import HEADING, SMALL, Text
from .models import Visit

PHOTO_TYPES = ("image/png", "image/jpeg")
MAX_HEIGHT_SHARE = 0.6  # of the frame: a tall photo is narrowed to leave room for its caption on the page
PX_TO_PT = 0.75  # a photo of 96 dots per inch, drawn no larger than it is


def photos_of(visit: Visit) -> list:
    return [a for a in visit.attachments if a.content_type in PHOTO_TYPES]


def _image(path, width: float, max_height: float) -> Image | None:
    try:
        reader = ImageReader(str(path))
        px_w, px_h = reader.getSize()
    except Exception:  # noqa: BLE001 (a file the reader cannot open is left out of the report, and logged)
        current_app.logger.warning("A visit photo could not be read for the report: %s", path.name)
        return None
    if not px_w or not px_h:
        return None
    draw_w = min(width, px_w * PX_TO_PT)
    draw_h = draw_w * px_h / px_w
    if draw_h > max_height:
        draw_w, draw_h = draw_w * max_height / draw_h, max_height
    image = Image(str(path), width=draw_w, height=draw_h)
    image.hAlign = "CENTER"
    return image


def photo_flowables(visit: Visit, lang: str, width: float, height: float) -> list:
    """The "Photos" section, full width (in both languages' words when the report is bilingual); [] without
    photos."""
    drawn = []
    for attachment in photos_of(visit):
        path = uploads.path_of(attachment.stored_name)
        if path is None or not path.is_file():
            continue
        image = _image(path, width, height * MAX_HEIGHT_SHARE)
        if image is not None:
            drawn.append((attachment, image))
    if not drawn:
        return []
    codes = ("fa", "ar") if lang == "bilingual" else (lang,)
    titles = []
    for code in codes:
        with force_locale(babel_locale(code)):
            titles.append(_("Photos"))
    heading_lang = "fa" if lang == "bilingual" else lang
    flowables: list = []
    for number, (attachment, image) in enumerate(drawn):
        caption = Text(attachment.original_name, SMALL.but(align="centre"), heading_lang)
        kept = [image, Spacer(1, 2), caption, Spacer(1, 8)]
        if number == 0:  # the heading goes to the next page with the first photo, never alone at a page's foot
            kept.insert(0, Text(" / ".join(titles), HEADING, heading_lang))
        flowables.append(KeepTogether(kept))
    return flowables
