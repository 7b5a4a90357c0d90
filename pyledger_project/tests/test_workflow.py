"""The CI files stay what the README promises: `.ci/run` is `make test`, and the GitHub workflow
runs it plus the migration validation against a real PostgreSQL service."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

pytestmark = pytest.mark.slow

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def commands(job: dict[str, Any]) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def test_ci_run_ends_with_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()

    assert re.search(r"^make test\s", readme, re.MULTILINE)
    assert script[-1] == "make test"


def test_the_test_job_runs_ci_run_with_ci_set(workflow):
    job = workflow["jobs"]["test"]

    assert commands(job) == ["bash .ci/run"]
    assert job["env"]["CI"] == "true"


def test_the_migrations_job_validates_against_a_postgres_service(workflow):
    job = workflow["jobs"]["migrations"]
    url = job["env"]["DATABASE_URL"]

    assert job["services"]["postgres"]["image"].startswith("postgres:")
    assert url.startswith("postgres://") and "@postgres:5432/" in url
    assert commands(job) == ["make env", "bash .ci/validate-migrations"]
    assert (ROOT / ".ci" / "validate-migrations").stat().st_mode & 0o111  # executable


def test_the_pre_commit_hooks_run_the_checks_of_make_test():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]

    assert entries == [".venv/bin/ruff check", ".venv/bin/ruff format --check", ".venv/bin/mypy ."]
    for entry in entries:  # the Makefile runs the same tools, over the whole tree
        assert f"$(VENV)/bin/{entry.removeprefix('.venv/bin/')}" in makefile
