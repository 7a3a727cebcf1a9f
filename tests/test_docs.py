"""Docs stay true to the code: every error code and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from tidings.cli import COMMANDS, EVAL_COMMANDS

ROOT = Path(__file__).resolve().parents[1]


def test_every_error_code_in_the_source_is_documented():
    documented = set(re.findall(r"\bT\d{3}\b", (ROOT / "docs" / "errors.md").read_text()))
    used = set()
    for path in (ROOT / "src" / "tidings").rglob("*.py"):
        used |= set(re.findall(r"""["'\[](T\d{3})\b""", path.read_text(encoding="utf-8")))
    missing = sorted(used - documented)
    assert not missing, f"error codes used in src/ but not in docs/errors.md: {missing}"


def test_every_command_is_in_the_cli_docs():
    text = (ROOT / "docs" / "cli.md").read_text()
    missing = [name for name in COMMANDS if f"tidings {name}" not in text]
    missing += [name for name in EVAL_COMMANDS if f"tidings eval {name}" not in text]
    assert not missing, f"commands missing from docs/cli.md: {missing}"


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    assert len(blocks) == 2, blocks
    commands = [b.strip() for b in blocks]
    assert all("\n" not in c for c in commands)
    assert commands[1] in (ROOT / ".ci" / "run").read_text()


def test_relative_links_in_readme_and_docs_resolve():
    broken = []
    for page in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert not broken, broken
