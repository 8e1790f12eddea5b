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


def test_makefile_and_readme_cie_commands_parse():
    """Every `cie …` line of the Makefile and the README's examples is a valid invocation:
    each is parsed with --help appended, which checks options and their positions without
    running the command."""
    import re
    import shlex

    from click.testing import CliRunner

    from ci_engine.cli import cli

    make = (ROOT / "Makefile").read_text()
    values = dict(re.findall(r"^(\w+) \?= (.*)$", make, re.MULTILINE))
    lines = [
        re.sub(r"\$\((\w+)\)", lambda m: values.get(m.group(1), "x"), line.split("$(CIE)", 1)[1])
        for line in make.splitlines()
        if "$(CIE)" in line and not line.startswith("CIE")
    ]
    readme = (ROOT / "README.md").read_text().split("## Commands", 1)[0]
    lines += [line[4:] for line in readme.splitlines() if line.startswith("cie ")]
    assert len(lines) >= 4
    runner = CliRunner()
    for line in lines:
        result = runner.invoke(cli, [*shlex.split(line), "--help"], prog_name="cie")
        assert result.exit_code == 0, (line, result.output)
