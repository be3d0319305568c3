"""The form of a side's certificate signatory: name and post in three languages, signature and seal images."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import Length

from ..forms import BaseForm

LTR = {"dir": "ltr", "lang": "en"}


class SignatoryForm(BaseForm):
    name_fa = StringField(_l("Name in Persian"), validators=[Length(max=400)], render_kw={"lang": "fa"})
    name_ar = StringField(_l("Name in Arabic"), validators=[Length(max=400)], render_kw={"lang": "ar"})
    name_en = StringField(_l("Name in English"), validators=[Length(max=400)], render_kw=LTR)
    post_fa = StringField(_l("Post in Persian"), validators=[Length(max=400)], render_kw={"lang": "fa"})
    post_ar = StringField(_l("Post in Arabic"), validators=[Length(max=400)], render_kw={"lang": "ar"})
    post_en = StringField(_l("Post in English"), validators=[Length(max=400)], render_kw=LTR)
    signature = FileField(_l("Signature image (PNG or JPEG)"), render_kw={"accept": ".png,.jpg,.jpeg"})
    remove_signature = BooleanField(_l("Remove the signature image"))
    seal = FileField(_l("Seal image (PNG or JPEG)"), render_kw={"accept": ".png,.jpg,.jpeg"})
    remove_seal = BooleanField(_l("Remove the seal image"))
    version = HiddenField()

    def values(self) -> dict:
        return {name: self._fields[name].data for name in
                ("name_fa", "name_ar", "name_en", "post_fa", "post_ar", "post_en")}
