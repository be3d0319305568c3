"""Migration 0011 on a database the races already damaged: duplicate version numbers are renumbered, trainees
sharing a national ID on one side stop the upgrade with a list to fix by hand (SQLite and PostgreSQL)."""

from __future__ import annotations

import flask_migrate
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from coordinator import create_app
from coordinator.config import TestConfig
from coordinator.curricula.models import CurriculumVersion
from coordinator.extensions import db
from tests import factories


@pytest.fixture
def old_app(fresh_database, tmp_path):
    """An app whose records are made at the head revision (the models' shape), after which the database goes
    back to revision 0011, before the unique rules, where the tests damage them with plain SQL."""
    config = type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": fresh_database("coordinator_unique_rules"),
                                             "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    app = create_app(config)
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def revision() -> str:
    return db.session.scalar(text("SELECT version_num FROM alembic_version"))


def back_to_0011() -> None:
    db.session.commit()
    db.session.remove()
    downgrade(revision="0011")


def sql(statement: str, **values):
    """Plain SQL: the models describe the newest tables, not those of revision 0011 or 0012."""
    result = db.session.execute(text(statement), values)
    db.session.commit()
    return result


def test_duplicate_version_numbers_are_renumbered_in_the_order_they_were_added(old_app):
    sides = factories.seed_reference()
    standard = factories.make_standard()
    damaged = factories.make_curriculum(sides["KHZ"].id, standard).id
    healthy = factories.make_curriculum(sides["MSN"].id, standard).id
    added = []
    for number, language in ((2, "ar"), (3, "fa"), (4, "en")):
        version = CurriculumVersion(curriculum_id=damaged, number=number, language=language)
        db.session.add(version)
        db.session.flush()
        added.append(version.id)
    db.session.add(CurriculumVersion(curriculum_id=healthy, number=2, language="ar"))
    back_to_0011()
    # Two more 1s and a 2 after them, as a database without the rule could hold.
    for version_id, number in zip(added, (1, 2, 1), strict=True):
        sql("UPDATE curriculum_versions SET number = :n WHERE id = :id", n=number, id=version_id)
    db.session.remove()
    upgrade(revision="0012")
    assert revision() == "0012"

    def numbers(curriculum_id):
        return [tuple(row) for row in sql("SELECT number, language FROM curriculum_versions "
                                          "WHERE curriculum_id = :c ORDER BY id", c=curriculum_id)]

    # The first of each number keeps it; the later ones take the next free numbers, in the order added.
    assert numbers(damaged) == [(1, "fa"), (3, "ar"), (2, "fa"), (4, "en")]
    assert numbers(healthy) == [(1, "fa"), (2, "ar")]
    # From now on the database itself refuses a repeated number.
    with pytest.raises(Exception, match="(?i)unique"):
        sql("UPDATE curriculum_versions SET number = 1 WHERE curriculum_id = :c AND number = 2", c=healthy)
    db.session.rollback()


def test_trainees_sharing_a_national_id_stop_the_upgrade_with_a_list(old_app, monkeypatch):
    sides = factories.seed_reference()
    first = factories.make_trainee(sides["KHZ"].id, national_id="0012345678")
    second = factories.make_trainee(sides["KHZ"].id, name_fa="شخص دیگر", phone="09990000000",
                                    national_id="0098765432")
    factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="علي", phone="07701234567",
                           national_id="0012345678")  # the other side: another country's ID, allowed
    key = sql("SELECT id_key FROM trainees WHERE id = :id", id=first).scalar()
    back_to_0011()
    sql("UPDATE trainees SET national_id = '0012345678', id_key = :key WHERE id = :id", key=key, id=second)
    db.session.remove()
    # `flask db upgrade` prints the reason (no traceback) and exits with status 1.
    printed = []
    monkeypatch.setattr(flask_migrate.log, "error", printed.append)
    with pytest.raises(SystemExit) as refused:
        upgrade(revision="0012")
    assert refused.value.code == 1
    message = " ".join(printed)
    assert f"trainees {first}, {second}" in message and "Nothing was changed" in message
    assert "0012345678" not in message  # the IDs themselves stay out of logs
    db.session.remove()
    assert revision() == "0011"
    # Once the wrong ID is corrected, the upgrade goes through.
    sql("UPDATE trainees SET national_id = '0098765432', id_key = '0098765432' WHERE id = :id", id=second)
    db.session.remove()
    upgrade(revision="0012")
    assert revision() == "0012"
