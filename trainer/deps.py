"""The trainer's pinned dependencies, read from pyproject.toml.

`python3 trainer/deps.py --list` prints them for pip; `--check` exits 1 when one is missing or another version.
"""

import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path


def requirements() -> list[str]:
    with open(Path(__file__).parent / "pyproject.toml", "rb") as file:
        project = tomllib.load(file)["project"]
    return project["dependencies"] + project["optional-dependencies"]["test"]


def satisfied(requirement: str) -> bool:
    name, op, wanted = re.match(r"([A-Za-z0-9_.-]+)\s*(==|>=)?\s*(\S*)", requirement).groups()
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    if op == "==":
        return version.split("+")[0] == wanted
    if op == ">=":
        return numbers(version) >= numbers(wanted)
    return True


def numbers(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3])


if __name__ == "__main__":
    if "--check" in sys.argv:
        sys.exit(0 if all(satisfied(r) for r in requirements()) else 1)
    print("\n".join(requirements()))
