"""Migration 0011 on a database the races already damaged: duplicate version numbers are renumbered, trainees
sharing a national ID on one side stop the upgrade with a list to fix by hand (SQLite and PostgreSQL)."""

from __future__ import annotations

import flask_migrate
import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from coordinator import create_app
from coordinator.config import TestConfig
from coordinator.curricula.models import CurriculumVersion
from coordinator.extensions import db
from coordinator.trainees.models import Trainee
from tests import factories


@pytest.fixture
def old_app(fresh_database, tmp_path):
    """An app on a database at revision 0011, before the unique rules."""
    config = type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": fresh_database("coordinator_unique_rules"),
                                             "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    app = create_app(config)
    with app.app_context():
        upgrade(revision="0011")
        yield app
        db.session.remove()
        db.engine.dispose()


def revision() -> str:
    return db.session.scalar(text("SELECT version_num FROM alembic_version"))


def test_duplicate_version_numbers_are_renumbered_in_the_order_they_were_added(old_app):
    sides = factories.seed_reference()
    standard = factories.make_standard()
    damaged = factories.make_curriculum(sides["KHZ"].id, standard)
    healthy = factories.make_curriculum(sides["MSN"].id, standard)
    for number, language in ((1, "ar"), (2, "fa"), (1, "en")):  # two more 1s and a 2 after them
        db.session.add(CurriculumVersion(curriculum_id=damaged.id, number=number, language=language))
    db.session.add(CurriculumVersion(curriculum_id=healthy.id, number=2, language="ar"))
    db.session.commit()
    db.session.remove()
    upgrade(revision="0012")  # through the unique rules; later migrations are not this test's subject
    assert revision() == "0012"

    def numbers(curriculum_id):
        return db.session.execute(select(CurriculumVersion.number, CurriculumVersion.language)
                                  .where(CurriculumVersion.curriculum_id == curriculum_id)
                                  .order_by(CurriculumVersion.id)).all()

    # The first of each number keeps it; the later ones take the next free numbers, in the order added.
    assert numbers(damaged.id) == [(1, "fa"), (3, "ar"), (2, "fa"), (4, "en")]
    assert numbers(healthy.id) == [(1, "fa"), (2, "ar")]
    # From now on the database itself refuses a repeated number.
    db.session.add(CurriculumVersion(curriculum_id=healthy.id, number=2, language="en"))
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.commit()
    db.session.rollback()


def test_trainees_sharing_a_national_id_stop_the_upgrade_with_a_list(old_app, monkeypatch):
    sides = factories.seed_reference()
    first = factories.make_trainee(sides["KHZ"].id, national_id="0012345678")
    second = factories.make_trainee(sides["KHZ"].id, name_fa="شخص دیگر", phone="09990000000",
                                    national_id="0012345678")
    factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="علي", phone="07701234567",
                           national_id="0012345678")  # the other side: another country's ID, allowed
    db.session.remove()
    # `flask db upgrade` prints the reason (no traceback) and exits with status 1.
    printed = []
    monkeypatch.setattr(flask_migrate.log, "error", printed.append)
    with pytest.raises(SystemExit) as refused:
        upgrade()
    assert refused.value.code == 1
    message = " ".join(printed)
    assert f"trainees {first}, {second}" in message and "Nothing was changed" in message
    assert "0012345678" not in message  # the IDs themselves stay out of logs
    db.session.remove()
    assert revision() == "0011"
    # Once the wrong ID is corrected, the upgrade goes through.
    db.session.get(Trainee, second).national_id = "0098765432"
    db.session.commit()
    db.session.remove()
    upgrade(revision="0012")  # through the unique rules; later migrations are not this test's subject
    assert revision() == "0012"
