"""The exceptions a user can see; each message says what went wrong and what to do next."""

from __future__ import annotations


class CieError(Exception):
    """Base of every error the CLI turns into a message instead of a traceback."""

    exit_code = 1


class InputError(CieError):
    """A file could not be used: unparseable, empty, or with no account or date to link it to."""

    exit_code = 1

    def __init__(self, reason: str, path: str | None = None):
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)


class ParseError(InputError):
    """A file's content does not match its format."""


class NotFound(CieError):
    """The thing asked for (an account, a query) does not exist."""

    exit_code = 1


class UsageError(CieError):
    """The command was called wrongly (a bad option value, a malformed query file)."""

    exit_code = 2


class EnvironmentProblem(CieError):
    """The environment is wrong: no archive yet, or an archive built with another embedder."""

    exit_code = 3
