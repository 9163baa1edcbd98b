#!/usr/bin/env python3
"""Check that commit subjects fit in 72 characters (`git log --oneline`, e-mail patches).

    commit_subjects.py MESSAGE_FILE   the pre-commit `commit-msg` hook: the message being written
    commit_subjects.py                CI: every commit since this check was added

Older history is left alone: it was written before the rule was checked, and a fresh clone of
main must pass.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LIMIT = 72
SCRIPT = ".ci/commit_subjects.py"


def subject_of(message: str) -> str:
    lines = [line for line in message.splitlines() if not line.startswith("#")]
    return next((line for line in lines if line.strip()), "")


def git(*args: str) -> str:
    # git from PATH with our own arguments, as any checkout runs it.
    command = ["git", *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603


def checked_range() -> list[str]:
    """Return the commits since the one that added this script (all of a shallow clone that
    does not reach back that far)."""
    added = git("log", "--diff-filter=A", "--format=%H", "--", SCRIPT).split()
    if added and git("rev-list", "--parents", "-n", "1", added[-1]).split()[1:]:
        return [f"{added[-1]}^..HEAD"]
    return ["HEAD"]


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        subjects = {"the message": subject_of(Path(argv[1]).read_text(encoding="utf-8"))}
    else:
        log = git("log", "--no-merges", "--format=%h %s", *checked_range())
        subjects = dict(line.split(" ", 1) for line in log.splitlines() if " " in line)
    long = {where: text for where, text in subjects.items() if len(text) > LIMIT}
    for where, text in long.items():
        print(f"{where}: subject is {len(text)} characters, at most {LIMIT}: {text}")
    return 1 if long else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
