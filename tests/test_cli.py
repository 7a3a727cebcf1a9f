"""The CLI's contract: every error is one line with a code, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest


def tidings(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tidings", *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("args,code", [
    (("export", "--format", "xx"), "T300"),
    (("no-such-command",), "T300"),
    (("events", "--since"), "T300"),
    (("show", "zzz", "--db", "/nonexistent/x.duckdb"), "T400"),
    (("extract", "--dct", "2018-13-45", "-"), "T300"),
])
def test_errors_are_one_line_with_a_code(args, code):
    result = tidings(*args, stdin="")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: [{code}] ")
    assert "Traceback" not in result.stderr


def test_help_and_version_exit_zero():
    assert tidings("--version").returncode == 0
    result = tidings("--help")
    assert result.returncode == 0 and "extract" in result.stdout


@pytest.mark.model
def test_extract_of_a_missing_file_reports_it_and_exits_one():
    result = tidings("extract", "/nonexistent/file.txt")
    assert result.returncode == 1
    assert '"error": "[T101]' in result.stdout
    assert "Traceback" not in result.stderr
