"""The permission module: each role and side may do what its work needs, nothing more."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from coordinator.auth.permissions import RULES, can


def user(role, side_id=None, active=True):
    return SimpleNamespace(role=role, side_id=side_id, is_authenticated=True, is_active=active)


KHZ, MSN = 1, 2


@pytest.mark.parametrize(("role", "allowed"), [
    ("admin", True), ("liaison", False), ("trainer", False), ("manager", False),
])
def test_only_admins_manage_reference_data_users_and_see_the_audit_trail(role, allowed):
    for action in ("catalog.manage", "users.manage", "audit.view"):
        assert can(user(role, KHZ), action) is allowed


@pytest.mark.parametrize("role", ["admin", "liaison", "trainer", "manager"])
def test_every_role_reads_reference_data(role):
    assert can(user(role, KHZ), "catalog.view")


def test_a_liaison_acts_only_for_its_own_side():
    khz_record = SimpleNamespace(side_id=KHZ)
    msn_record = SimpleNamespace(side_id=MSN)
    liaison_khz = user("liaison", KHZ)
    assert can(liaison_khz, "side.act_for", khz_record)
    # A Khuzestan liaison may not act on Maysan's behalf.
    assert not can(liaison_khz, "side.act_for", msn_record)
    assert can(user("liaison", MSN), "side.act_for", msn_record)
    # Nobody else acts for a side, not even an admin or a manager of that side.
    for role in ("admin", "manager", "trainer"):
        assert not can(user(role, KHZ), "side.act_for", khz_record)


def test_side_of_a_record_can_come_through_its_side_object():
    assert can(user("liaison", KHZ), "side.act_for", SimpleNamespace(side=SimpleNamespace(id=KHZ)))


def test_disabled_anonymous_and_unknown_actions_are_refused():
    assert not can(user("admin", active=False), "catalog.manage")
    assert not can(None, "catalog.view")
    assert not can(SimpleNamespace(is_authenticated=False, is_active=True, role="admin"), "catalog.view")
    assert not can(user("admin"), "catalog.mange")  # a typo never opens a door


def test_every_rule_has_a_name_with_an_area_prefix():
    assert all("." in action for action in RULES)
