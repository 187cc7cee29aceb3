"""chitieu's own errors: each names the file and the problem, so a batch can report and go on."""

from __future__ import annotations


class ChitieuError(Exception):
    """Base of every error chitieu raises on purpose."""


class InputError(ChitieuError):
    """A report file that cannot be read as text (wrong encoding, binary, empty)."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
