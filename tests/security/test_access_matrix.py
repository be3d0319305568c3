"""docs/access-matrix.md is the ACCESS table of tests/functional/test_access.py, never a stale copy."""

from __future__ import annotations

import importlib.util

from coordinator.config import ROOT


def test_access_matrix_document_matches_the_tested_table():
    spec = importlib.util.spec_from_file_location("access_matrix", ROOT / "scripts" / "access_matrix.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render()
    actual = module.DOC.read_text(encoding="utf-8") if module.DOC.exists() else ""
    assert actual == expected, "docs/access-matrix.md is out of date: run `python scripts/access_matrix.py`"
