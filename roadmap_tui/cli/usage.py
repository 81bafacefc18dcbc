"""A command line that does not parse, said in one sentence under the command's usage.

argparse's own wording is kept where it is clear; a file name that starts with `-` (which
argparse takes for an option it does not know) gets the two ways to give it instead.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from roadmap_tui.controls import printable
from roadmap_tui.errors import EXIT_USAGE, did_you_mean

_ARGUMENT = re.compile(r"^argument ([^:]+): (.*)$", re.DOTALL)


class UsageProblem(Exception):
    """argparse found the command line wrong; `parser` is the (sub)command it was parsing."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that hands its complaint to `main` instead of exiting, so the
    sentence can name what went wrong with the whole command line in view.

    `describe` gives the description when the help is shown, for a description that quotes
    a module (`backups`' number kept) the rest of the command line need not import.
    """

    def __init__(self, *args: Any, describe: Callable[[], str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._describe = describe

    def format_help(self) -> str:
        if self._describe is not None:
            self.description, self._describe = self._describe(), None
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        raise UsageProblem(self, message)


def utf8_text(value: str) -> str:
    """An argparse `type` for text kept in the roadmap file (a note, a title): bytes that
    are not UTF-8 reach us as surrogate escapes, and a UTF-8 file cannot hold them."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            "is not valid UTF-8 text, so a roadmap file cannot keep it"
        ) from None
    return value


def parse(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """Parse `argv`; UsageProblem (from the subcommand's parser where there is one) when
    it does not parse, arguments left over included."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        command = _subparser(parser, argv) or parser
        raise UsageProblem(command, f"unrecognized arguments: {' '.join(extras)}")
    return args


def report_usage(problem: UsageProblem, argv: Sequence[str]) -> int:
    """Print the usage line and one sentence on standard error; the exit code."""
    parser = problem.parser
    sentence = _dash_name_hint(parser, argv) or _tidy(problem.message)
    sys.stderr.write(parser.format_usage())
    print(printable(f"{parser.prog}: error: {sentence}"), file=sys.stderr)
    return EXIT_USAGE


def not_a_command(parser: argparse.ArgumentParser, word: str, commands: set[str]) -> UsageProblem:
    """More than one argument and the first is no command: a typo of one, most likely."""
    hint = did_you_mean(word, sorted(commands), cutoff=0.6)
    if not hint:
        hint = "; to open a roadmap in the app, give only its path"
    return UsageProblem(parser, f"'{word}' is not a command{hint}")


def _tidy(message: str) -> str:
    """`argument --note/-n: is not …` → `--note is not …`; other messages as they are."""
    match = _ARGUMENT.match(message)
    if match is None:
        return message
    name, detail = match.group(1).split("/")[0], match.group(2)
    return f"{name} {detail}" if detail.startswith("is ") else f"{name}: {detail}"


def _dash_name_hint(parser: argparse.ArgumentParser, argv: Sequence[str]) -> str | None:
    """The sentence for the first word that looks like an option this command lacks."""
    options = {name: action for action in parser._actions for name in action.option_strings}
    tokens = list(argv)
    if tokens and tokens[0] == parser.prog.rsplit(" ", 1)[-1]:
        tokens = tokens[1:]  # the subcommand's name
    for index, token in enumerate(tokens):
        if token == "--":
            return None
        if not token.startswith("-") or token == "-" or _is_known(token, options):
            continue
        previous = options.get(tokens[index - 1]) if index else None
        if previous is not None and previous.nargs is None and previous.option_strings:
            name = tokens[index - 1]
            return f"{name} needs a value; to give one that starts with '-', write {name}={token}"
        close = did_you_mean(token, [name for name in options if name.startswith("--")])
        if close and not _looks_like_a_file(token):
            return f"unknown option {token}{close}"
        if not _looks_like_a_file(token) and token.startswith("--"):
            return f"unknown option {token} (see '{parser.prog} --help')"
        return (
            f"{token} is not an option: use '--' before a file name that starts with '-', "
            f"or write it as ./{token}"
        )
    return None


def _is_known(token: str, options: dict[str, argparse.Action]) -> bool:
    name = token.split("=", 1)[0]
    if name in options:
        return True
    if token.startswith("--"):  # argparse takes any unambiguous abbreviation
        return any(option.startswith(name) for option in options if option.startswith("--"))
    return token[:2] in options  # `-fmd` is `-f md`


def _looks_like_a_file(token: str) -> bool:
    return "." in token or os.sep in token or os.path.lexists(token)


def _subparser(
    parser: argparse.ArgumentParser, argv: Sequence[str]
) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and argv and argv[0] in action.choices:
            chosen: argparse.ArgumentParser = action.choices[argv[0]]
            return chosen
    return None
