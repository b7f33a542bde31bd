"""The README's commands are what CI runs, and its examples name files that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fenced_lines(text: str) -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", text, re.S)
    return [line.strip() for b in blocks for line in b.splitlines() if line.strip()]


def test_ci_runs_the_readme_install_and_test_commands():
    readme = fenced_lines((ROOT / "README.md").read_text())
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.strip().startswith("#")]
    install, test = readme[0], "python -m pytest -q -n auto"
    assert install.startswith("pip install torch==") and install in ci
    assert test in readme and ci[-1] == test


def test_readme_samples_exist():
    text = (ROOT / "README.md").read_text()
    for name in set(re.findall(r"samples/[\w.-]+\.qasm", text)):
        assert (ROOT / name).is_file(), name
