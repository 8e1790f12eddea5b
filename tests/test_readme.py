"""The README's command reference is generated from --help and must not go stale."""

import subprocess
import sys

from conftest import ROOT


def test_readme_command_reference_matches_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", str(ROOT / "README.md")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, (
        "README.md is out of date with `cie --help`; run: .venv/bin/cog -r README.md\n"
        + result.stdout
        + result.stderr
    )


def test_readme_quick_start_is_the_two_make_commands():
    text = (ROOT / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make demo" in quick and "make test" in quick
