"""Journey: a liaison records who signs their side's certificates, with a signature and a seal image."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from sqlalchemy import select

from coordinator.catalog.models import Side
from coordinator.extensions import db


def _side_id(code: str) -> int:
    return db.session.scalar(select(Side.id).where(Side.code == code))


def _png(tmp_path, name: str, seal: bool) -> str:
    picture = Image.new("RGBA", (240, 240 if seal else 80), (255, 255, 255, 0))
    pen = ImageDraw.Draw(picture)
    if seal:
        pen.ellipse((6, 6, 234, 234), outline=(20, 60, 160, 255), width=8)
    else:
        pen.line([(10, 60), (60, 15), (110, 65), (170, 20), (230, 55)], fill=(10, 20, 90, 255), width=5)
    path = tmp_path / name
    out = io.BytesIO()
    picture.save(out, "PNG")
    path.write_bytes(out.getvalue())
    return str(path)


@pytest.mark.parametrize(("lang", "user", "side"), [("fa", "liaison.khz", "KHZ"), ("ar", "liaison.msn", "MSN")])
def test_liaison_sets_the_signatory_with_signature_and_seal(as_user, in_app, tmp_path, lang, user, side):
    side_id = in_app(_side_id, side)
    liaison = as_user(user, lang)
    page = liaison.go(f"/signatories/{side_id}")
    names = {"fa": ("محمد رضایی", "مدیرکل آموزش فنی و حرفه‌ای خوزستان"),
             "ar": ("حيدر عبد الله", "مدير التدريب المهني في ميسان")}[lang]
    for field in ("name_fa", "name_ar"):
        page.fill(f"[name={field}]", names[0])
    for field in ("post_fa", "post_ar"):
        page.fill(f"[name={field}]", names[1])
    page.set_input_files("[name=signature]", _png(tmp_path, "signature.png", seal=False))
    page.set_input_files("[name=seal]", _png(tmp_path, "seal.png", seal=True))
    liaison.screenshot("sig-edit")
    page.click("form button[type=submit].primary")
    expect(page.locator(".flash-success")).to_be_visible()
    row = page.locator(f"tr[data-side={side}]")
    expect(row.locator("img.signatory-image")).to_have_count(2)
    liaison.check(dates=None)
    liaison.screenshot("sig-list")
