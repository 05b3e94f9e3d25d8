"""Shared fixtures: the project itself, the miniature pipeline project, and built datasets in temporary caches."""

from pathlib import Path

import pytest

from kgraph.build import build

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def mini_root() -> Path:
    return MINI


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """The real project, built once per test session into a private cache."""
    return build(ROOT, cache_dir=tmp_path_factory.mktemp("project-cache")).built


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory):
    return build(MINI, cache_dir=tmp_path_factory.mktemp("mini-cache")).built
