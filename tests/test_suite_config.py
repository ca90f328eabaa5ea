"""The suite's own rules: an unknown marker and a warning fail the run."""

from __future__ import annotations

import warnings

import pytest


def test_markers_are_strict_and_registered(pytestconfig):
    assert pytestconfig.getoption("strict_markers")
    registered = {line.split(":", 1)[0] for line in pytestconfig.getini("markers")}
    assert {"slow", "libreoffice", "reliability"} <= registered


def test_a_warning_is_an_error(pytestconfig):
    assert pytestconfig.getini("filterwarnings")[0] == "error"
    with pytest.raises(DeprecationWarning):
        warnings.warn("old API", DeprecationWarning, stacklevel=1)

