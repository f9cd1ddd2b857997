"""Names the doctests of kg/ may use."""

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    #: the small hand-made data set, as in tests/conftest.py
    doctest_namespace["MINI"] = Path(__file__).parent / "tests" / "fixtures" / "mini"
