"""Fictional demo data (DESIGN.md §9): three seeded coalitions, one per region of the paper, and demo users.

Plain modules over the Django models, not an app. The entry point is
:func:`coalitionlens.demo.load.load_demo` (idempotent, deterministic for a given seed); the logins
come from :func:`coalitionlens.demo.users.demo_logins`. The modules ``profiles``, ``generate``,
``plan`` and ``names`` need no database; ``load`` and ``users`` need Django set up, so this package
imports none of them eagerly.
"""
