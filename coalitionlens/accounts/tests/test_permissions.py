"""The order in which roles read a coalition's records, as reports and other artefacts use it."""

from __future__ import annotations

import pytest

from coalitionlens.accounts.permissions import reads_at_least, roles_read_by

ROLES = ("coordinator", "analyst", "member", "viewer")
# Worked out by hand from CONFIDENTIAL_READERS: restricted fields only for coordinators,
# confidential ones for coordinators and analysts, the rest for everyone.
EXPECTED = {
    "coordinator": {"coordinator", "analyst", "member", "viewer"},
    "analyst": {"analyst", "member", "viewer"},
    "member": {"member", "viewer"},
    "viewer": {"member", "viewer"},
}


@pytest.mark.parametrize("role", ROLES)
def test_a_role_reads_at_least_what_the_roles_below_it_read(role):
    assert {other for other in ROLES if reads_at_least(role, other)} == EXPECTED[role]
    assert set(roles_read_by(role)) == EXPECTED[role]


@pytest.mark.parametrize("stranger", [None, "", "auditor", "COORDINATOR"])
def test_an_unknown_role_reads_nothing_and_nobody_reads_as_it(stranger):
    assert roles_read_by(stranger) == []
    assert not any(reads_at_least(role, stranger) for role in ROLES)
    assert not any(reads_at_least(stranger, role) for role in ROLES)
