"""`roadmap-tui completion bash|zsh|fish`: a shell completion script, written from the
command line's own parser, so every command and option it has is completed.

What each argument completes to comes from the parser: an option with choices offers
them, a roadmap (a positional path) offers `.toml` files and folders, `-o FILE` any file,
`--dir` folders, STATUS the three statuses; free text (a note, a code) offers nothing.
"""

from __future__ import annotations

import argparse
import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from roadmap_tui.errors import EXIT_OK

PROGRAM = "roadmap-tui"
SHELLS = ("bash", "zsh", "fish")
# the program's own options, before any command (argparse adds --help itself)
TOP_OPTIONS = (("--help", "show help and exit"), ("--version", "print the version and exit"))

Kind = Literal["words", "roadmap", "file", "dir", "text"]


@dataclass(frozen=True)
class Values:
    """What an argument takes: fixed words, a roadmap, any file, a folder, or free text."""

    kind: Kind
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    names: tuple[str, ...]
    help: str
    values: Values | None  # None: a flag, it takes no value


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    options: tuple[Option, ...]
    positionals: tuple[Values, ...]
    last_repeats: bool  # `validate PATH...`: the last positional takes any number


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds `completion SHELL`. The script is written from `commands` when it is asked for,
    when every group has added its commands."""
    completion = commands.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print a completion script for your shell. bash: add "
        "'eval \"$(roadmap-tui completion bash)\"' to ~/.bashrc; zsh: add "
        "'eval \"$(roadmap-tui completion zsh)\"' to ~/.zshrc after compinit; fish: "
        "'roadmap-tui completion fish > ~/.config/fish/completions/roadmap-tui.fish'.",
    )
    completion.add_argument("shell", metavar="SHELL", choices=SHELLS, help="bash, zsh or fish")
    completion.set_defaults(handler=functools.partial(completion_command, commands=commands))


def completion_command(
    args: argparse.Namespace, commands: argparse._SubParsersAction[argparse.ArgumentParser]
) -> int:
    sys.stdout.write(script(args.shell, describe(commands)))
    return EXIT_OK


def script(shell: str, commands: list[Command]) -> str:
    """The completion script for `shell` (one of SHELLS)."""
    writers = {"bash": _bash, "zsh": _zsh, "fish": _fish}
    return writers[shell](commands)


# -- reading the parser -------------------------------------------------------------------


def describe(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> list[Command]:
    """Every subcommand with its options and positional arguments, in the parser's order."""
    helps = {action.dest: action.help or "" for action in commands._choices_actions}
    described = []
    for name, parser in commands.choices.items():
        options, positionals, repeats = [], [], False
        for action in parser._actions:
            if action.option_strings:
                takes_value = action.nargs != 0
                values = _values(action) if takes_value else None
                options.append(Option(tuple(action.option_strings), action.help or "", values))
            else:
                positionals.append(_values(action))
                repeats = action.nargs in ("+", "*")
        described.append(
            Command(name, helps.get(name, ""), tuple(options), tuple(positionals), repeats)
        )
    return described


def _values(action: argparse.Action) -> Values:
    if action.choices is not None:
        return Values("words", tuple(str(choice) for choice in action.choices))
    if action.metavar == "STATUS":
        from roadmap_tui.model import STATUSES  # pydantic: only when a script is written

        return Values("words", tuple(STATUSES))
    if action.type is Path:
        if action.dest == "dir":
            return Values("dir")
        return Values("file" if action.metavar == "FILE" else "roadmap")
    return Values("text")


# -- bash ---------------------------------------------------------------------------------


def _bash_values(values: Values) -> str:
    return f"{values.kind} {' '.join(values.words)}".strip()


def _bash(commands: list[Command]) -> str:
    option_lines, valued_lines, positional_lines = [], [], []
    for command in commands:
        names = " ".join(name for option in command.options for name in option.names)
        option_lines.append(f'        {command.name}) echo "{names}" ;;')
        for option in command.options:
            if option.values is not None:
                patterns = "|".join(f'"{command.name} {name}"' for name in option.names)
                valued_lines.append(f'        {patterns}) echo "{_bash_values(option.values)}" ;;')
        for index, values in enumerate(command.positionals):
            last = index == len(command.positionals) - 1
            pattern = (
                f'"{command.name} "*'
                if last and command.last_repeats
                else f'"{command.name} {index}"'
            )
            positional_lines.append(f'        {pattern}) echo "{_bash_values(values)}" ;;')
    names = " ".join(command.name for command in commands)
    top = " ".join(name for name, _ in TOP_OPTIONS)
    return _BASH_TEMPLATE.format(
        commands=names,
        top_options=top,
        options="\n".join(option_lines),
        valued="\n".join(valued_lines),
        positionals="\n".join(positional_lines),
    )


_BASH_TEMPLATE = """\
# bash completion for roadmap-tui, written by `roadmap-tui completion bash`.
# Load it from ~/.bashrc with:  eval "$(roadmap-tui completion bash)"

_roadmap_tui_options() {{  # COMMAND: its options
    case "$1" in
{options}
    esac
}}

_roadmap_tui_option_values() {{  # COMMAND OPTION: what the option takes; fails for a flag
    case "$1 $2" in
{valued}
        *) return 1 ;;
    esac
}}

_roadmap_tui_positional() {{  # COMMAND INDEX: what the INDEXth positional argument takes
    case "$1 $2" in
{positionals}
        *) echo text ;;
    esac
}}

_roadmap_tui_complete() {{  # KIND [WORDS...] CURRENT: fill COMPREPLY
    local kind="$1" current="${{!#}}"
    local words="${{*:2:$#-2}}"
    case "$kind" in
        words) mapfile -t COMPREPLY < <(compgen -W "$words" -- "$current") ;;
        roadmap)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$current"; compgen -f -X '!*.toml' -- "$current") ;;
        file)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$current") ;;
        dir)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$current") ;;
        *) COMPREPLY=() ;;
    esac
}}

_roadmap_tui() {{
    local current="${{COMP_WORDS[COMP_CWORD]}}" option="${{COMP_WORDS[COMP_CWORD-1]}}"
    local command="" position=0 expecting="" word i values
    # bash splits `--format=md` at the `=`: the option is then two words back
    if [[ $option == "=" ]]; then option="${{COMP_WORDS[COMP_CWORD-2]}}"; fi
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        [[ $word == "=" ]] && continue
        if [[ -n $expecting ]]; then expecting=""; continue; fi
        if [[ -z $command ]]; then
            [[ $word == -* ]] || command="$word"
            continue
        fi
        case "$word" in
            --*=*) ;;
            -*) _roadmap_tui_option_values "$command" "$word" >/dev/null && expecting=1 ;;
            *) ((position++)) ;;
        esac
    done
    if [[ -z $command ]]; then
        if [[ $current == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "{top_options}" -- "$current")
        else  # a command, or a roadmap to open in the app
            _roadmap_tui_complete roadmap "$current"
            COMPREPLY+=($(compgen -W "{commands}" -- "$current"))
        fi
        return 0
    fi
    if [[ -n $expecting ]] && values="$(_roadmap_tui_option_values "$command" "$option")"; then
        _roadmap_tui_complete $values "$current"
    elif [[ $current == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_roadmap_tui_options "$command")" -- "$current")
    else
        _roadmap_tui_complete $(_roadmap_tui_positional "$command" "$position") "$current"
    fi
    return 0
}}

complete -F _roadmap_tui roadmap-tui
"""


# -- zsh ----------------------------------------------------------------------------------


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _zsh_help(text: str) -> str:
    """Text inside `[...]` of an _arguments spec or after `:` of a _describe item."""
    for special in ("\\", "[", "]", ":"):
        text = text.replace(special, "\\" + special)
    return " ".join(text.split())


def _zsh_action(values: Values) -> str:
    actions = {
        "words": f"({' '.join(values.words)})",
        "roadmap": "_files -g '*.toml(-.)'",
        "file": "_files",
        "dir": "_files -/",
        "text": " ",
    }
    return actions[values.kind]


def _zsh_specs(command: Command) -> list[str]:
    specs = []
    for option in command.options:
        exclusive = f"({' '.join(option.names)})"
        for name in option.names:
            help_text = _zsh_help(option.help)
            if option.values is None:
                specs.append(f"{exclusive}{name}[{help_text}]")
            else:
                # --long takes `--long=value` or `--long value`; -s takes `-s value` or `-svalue`
                suffix = "=" if name.startswith("--") else "+"
                label = _zsh_help(name.lstrip("-"))
                action = _zsh_action(option.values)
                specs.append(f"{exclusive}{name}{suffix}[{help_text}]:{label}:{action}")
    for index, values in enumerate(command.positionals):
        last = index == len(command.positionals) - 1
        where = "*" if last and command.last_repeats else str(index + 1)
        specs.append(f"{where}:{values.kind}:{_zsh_action(values)}")
    return specs


def _zsh(commands: list[Command]) -> str:
    described = "\n".join(
        f"        {_zsh_quote(f'{command.name}:{_zsh_help(command.help)}')}" for command in commands
    )
    cases = []
    for command in commands:
        specs = " \\\n                ".join(_zsh_quote(spec) for spec in _zsh_specs(command))
        cases.append(
            f"            {command.name})\n                _arguments -s {specs} && ret=0 ;;"
        )
    top = " \\\n        ".join(
        _zsh_quote(f"(- : *){name}[{_zsh_help(help_text)}]") for name, help_text in TOP_OPTIONS
    )
    return _ZSH_TEMPLATE.format(commands=described, cases="\n".join(cases), top=top)


_ZSH_TEMPLATE = """\
#compdef roadmap-tui
# zsh completion for roadmap-tui, written by `roadmap-tui completion zsh`.
# Load it from ~/.zshrc, after compinit, with:  eval "$(roadmap-tui completion zsh)"
# or save it as _roadmap-tui in a folder of your $fpath.

_roadmap_tui() {{
    local curcontext="$curcontext" state line ret=1
    typeset -A opt_args
    _arguments -C \\
        {top} \\
        '1: :->command' \\
        '*:: :->arguments' && ret=0
    case $state in
        command)
            local -a commands=(
{commands}
            )
            _describe -t commands 'roadmap-tui command' commands && ret=0
            _files -g '*.toml(-.)' && ret=0
            ;;
        arguments)
            curcontext="${{curcontext%:*:*}}:roadmap-tui-$words[1]:"
            case $words[1] in
{cases}
            esac
            ;;
    esac
    return ret
}}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _roadmap_tui "$@"
else
    compdef _roadmap_tui roadmap-tui
fi
"""


# -- fish ---------------------------------------------------------------------------------


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_values(values: Values) -> str:
    if values.kind == "words":
        return f"-x -a {_fish_quote(' '.join(values.words))}"
    if values.kind == "roadmap":
        return "-x -a '(__roadmap_tui_roadmaps)'"
    if values.kind == "file":
        return "-r -F"
    if values.kind == "dir":
        return "-x -a '(__fish_complete_directories)'"
    return "-x"


def _fish(commands: list[Command]) -> str:
    valued = [
        f"{command.name} {name}"
        for command in commands
        for option in command.options
        if option.values is not None
        for name in option.names
    ]
    lines = [f"complete -c {PROGRAM} -f"]
    for name, help_text in TOP_OPTIONS:
        lines.append(
            f"complete -c {PROGRAM} -n '__roadmap_tui_at \"\"' -l {name.lstrip('-')} "
            f"-d {_fish_quote(help_text)}"
        )
    for command in commands:
        lines.append(
            f"complete -c {PROGRAM} -n '__roadmap_tui_at \"\"' -a {command.name} "
            f"-d {_fish_quote(' '.join(command.help.split()))}"
        )
    lines.append(f"complete -c {PROGRAM} -n '__roadmap_tui_at \"\"' -a '(__roadmap_tui_roadmaps)'")
    for command in commands:
        for option in command.options:
            names = " ".join(
                f"-l {name[2:]}" if name.startswith("--") else f"-s {name[1:]}"
                for name in option.names
            )
            takes = "" if option.values is None else " " + _fish_values(option.values)
            lines.append(
                f"complete -c {PROGRAM} -n '__roadmap_tui_at {command.name}' {names}{takes} "
                f"-d {_fish_quote(' '.join(option.help.split()))}"
            )
        for index, values in enumerate(command.positionals):
            last = index == len(command.positionals) - 1
            where = f"{index}+" if last and command.last_repeats else str(index)
            lines.append(
                f"complete -c {PROGRAM} -n '__roadmap_tui_at {command.name} {where}' "
                f"{_fish_values(values)}"
            )
    return _FISH_TEMPLATE.format(
        valued=" ".join(_fish_quote(entry) for entry in valued), completions="\n".join(lines)
    )


_FISH_TEMPLATE = """\
# fish completion for roadmap-tui, written by `roadmap-tui completion fish`.
# Save it:  roadmap-tui completion fish > ~/.config/fish/completions/roadmap-tui.fish

set -g __roadmap_tui_valued {valued}

# Succeeds when the command being typed is COMMAND ("" before any) and, if POSITION is
# given, the word being typed is its POSITIONth positional argument (counted from 0;
# "N+" for N or later).
function __roadmap_tui_at --argument-names wanted position
    set -l command ''
    set -l index 0
    set -l expecting 0
    for token in (commandline -opc)[2..-1]
        if test $expecting = 1
            set expecting 0
            continue
        end
        if test -z "$command"
            string match -q -- '-*' $token; or set command $token
            continue
        end
        switch $token
            case '--*=*'
            case '-*'
                contains -- "$command $token" $__roadmap_tui_valued; and set expecting 1
            case '*'
                set index (math $index + 1)
        end
    end
    test "$command" = "$wanted"; or return 1
    test -z "$position"; and return 0
    test $expecting = 1; and return 1
    if string match -q -- '*+' $position
        test $index -ge (string trim -r -c + -- $position)
    else
        test $index -eq $position
    end
end

# The roadmaps (.toml files) and folders that start with the word being typed.
function __roadmap_tui_roadmaps
    set -l typed (commandline -ct)
    for path in $typed*
        if test -d $path
            echo $path/
        else if string match -q -- '*.toml' $path
            echo $path
        end
    end
end

{completions}
"""
