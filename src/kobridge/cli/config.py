"""The project file's settings as the commands' defaults, and ``kobridge config``, which shows them.

A section names a command (``[align]``, ``[batch]``, ``[report]``, ``[lexicon.train]``...) and its
keys are that command's long options without the dashes (``max-bead``, or ``max_bead``). Two
sections are shared: ``[languages]`` (``src``, ``tgt``) sets ``--src-lang``/``--tgt-lang`` of every
command that has them, and ``[batch]`` takes each ``[align]`` setting that batch also has unless it
sets it itself. ``--output`` is not settable. The settings become click's ``default_map``, so the
command line wins over the file, and the file over the built-in defaults, with no code in the
commands; each value is checked against the option's own type (range, choices) when the file is
read, so that a wrong one is reported with the file's name and line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from kobridge.cli.app import command
from kobridge.config import CONFIG_NAME, ConfigFile, Setting, Value, find_config, read_config
from kobridge.errors import KobridgeError

__all__ = ["Project", "load_project"]

_LANGUAGES = ("languages",)
_LANGUAGE_OPTIONS = {"src": "src-lang", "tgt": "tgt-lang"}
_INHERITS = {("batch",): ("align",)}
_NOT_SETTABLE = {"output", "help", "version", "config", "no-config", "verbose"}
CommandPath = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Applied:
    """A setting as given to one command's option; ``via`` names a shared section it came through."""

    setting: Setting
    value: Value
    via: str = ""


@dataclass(frozen=True, slots=True)
class Project:
    """The project file in use (or None), how it was chosen, and what it sets, by (command, parameter)."""

    file: ConfigFile | None
    how: str
    applied: dict[tuple[CommandPath, str], Applied] = field(default_factory=dict)

    def default_map(self) -> dict[str, Any]:
        tree: dict[str, Any] = {}
        for (path, name), applied in self.applied.items():
            node = tree
            for part in path:
                node = node.setdefault(part, {})
            node[name] = applied.value
        return tree

    def source(self, path: CommandPath, name: str) -> str:
        applied = self.applied.get((path, name))
        if applied is None or self.file is None:
            return "default"
        via = f" (from {applied.via})" if applied.via else ""
        return self.file.where(applied.setting.line) + via


def _subcommands(cmd: Any) -> dict[str, Any]:
    return dict(getattr(cmd, "commands", {}) or {})


def _commands(root: Any, path: CommandPath = ()) -> Iterator[tuple[CommandPath, Any]]:
    for name, sub in sorted(_subcommands(root).items()):
        yield (*path, name), sub
        yield from _commands(sub, (*path, name))


def _options(cmd: Any) -> dict[str, Any]:
    """The settable options of a command by long name without the dashes."""
    options = {}
    for param in cmd.params:
        if param.param_type_name != "option":
            continue
        longs = [o[2:] for o in param.opts if o.startswith("--")]
        if longs and longs[0] not in _NOT_SETTABLE:
            options[longs[0]] = param
    return options


def _kind(type_name: str) -> tuple[tuple[type, ...], str]:
    """The TOML types an option of this click type name takes, and how a message names them."""
    if "bool" in type_name:
        return (bool,), "true or false"
    if type_name.startswith("int"):
        return (int,), "an integer"
    if "float" in type_name:
        return (int, float), "a number"
    return (str,), "a string"


def _check(config: ConfigFile, setting: Setting, param: Any, option: str) -> Value:
    """The value to give ``param``, checked against its type; a relative path starts at the file's folder."""
    where = f"'{setting.key}' in [{setting.section_name}]"
    kinds, wanted = _kind(param.type.name)
    value = setting.value
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        shown = "true/false" if isinstance(value, bool) else type(value).__name__
        raise config.error(setting.line, f"{where} must be {wanted} (--{option}), not {shown} {value!r}")
    try:
        param.type.convert(value, param, None)
        if option in ("src-lang", "tgt-lang"):
            from kobridge.segment import check_language

            check_language(str(value))
    except (typer.BadParameter, KobridgeError) as error:
        raise config.error(setting.line, f"invalid value for {where}: {error.message}") from None
    if param.type.name == "path" and isinstance(value, str):
        path = Path(value).expanduser()
        return os.path.normpath(path if path.is_absolute() else config.path.parent.absolute() / path)
    return value


def _apply(root: Any, config: ConfigFile) -> dict[tuple[CommandPath, str], Applied]:
    applied: dict[tuple[CommandPath, str], Applied] = {}
    # (command, option, setting) of the settings a command takes through a shared section
    shared: list[tuple[CommandPath, str, Setting]] = []
    commands = dict(_commands(root))
    for setting in config.settings:
        if setting.section == _LANGUAGES:
            option = _LANGUAGE_OPTIONS.get(setting.key)
            if option is None:
                raise config.error(
                    setting.line, f"unknown key '{setting.key}' in [languages]; known keys: src, tgt"
                )
            shared += [(path, option, setting) for path, cmd in commands.items() if option in _options(cmd)]
            continue
        cmd = commands.get(setting.section)
        if cmd is None or not _options(cmd):
            known = ", ".join(
                sorted([".".join(p) for p in commands if _options(commands[p])] + ["languages"])
            )
            raise config.error(
                setting.line, f"unknown section [{setting.section_name}]; known sections: {known}"
            )
        options = _options(cmd)
        option = setting.key if setting.key in options else setting.key.replace("_", "-")
        if option not in options:
            raise config.error(
                setting.line,
                f"unknown key '{setting.key}' in [{setting.section_name}]; known keys: "
                + ", ".join(sorted(options)),
            )
        param = options[option]
        if (setting.section, param.name) in applied:
            raise config.error(setting.line, f"'{setting.key}' is set twice in [{setting.section_name}]")
        applied[setting.section, param.name] = Applied(setting, _check(config, setting, param, option))
        for heir, parent in _INHERITS.items():
            if parent == setting.section and option in _options(commands[heir]):
                shared.append((heir, option, setting))
    # The more specific first: [align] before [languages], as the file lists them.
    shared.sort(key=lambda item: item[2].section == _LANGUAGES)
    for path, option, setting in shared:
        param = _options(commands[path])[option]
        if (path, param.name) not in applied:
            via = (
                f"[languages] {setting.key}" if setting.section == _LANGUAGES else f"[{setting.section_name}]"
            )
            applied[path, param.name] = Applied(setting, _check(config, setting, param, option), via)
    return applied


def load_project(root: Any, path: Path | None, *, no_config: bool) -> Project:
    """The project file given with --config, else the one found from the working directory.

    Raises:
        ConfigError: the file cannot be read, or holds an unknown section or key or a wrong value.
    """
    if no_config:
        return Project(None, "--no-config: no project file is read")
    if path is not None:
        config, how = read_config(path), "given with --config"
    else:
        found = find_config(Path.cwd())
        if found is None:
            return Project(None, f"no {CONFIG_NAME} in the working directory or above")
        shown = Path(os.path.relpath(found))
        config, how = read_config(shown), "found from the working directory"
    return Project(config, how, _apply(root, config))


def _show(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return " ".join(_show(v) for v in value) or "(none)"
    return str(value)


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n" for row in rows
    )


def _command_view(ctx: typer.Context, project: Project, args: list[str]) -> str:
    root = ctx.find_root()
    parent, cmd, path = root, root.command, []
    while args and args[0] in _subcommands(cmd):
        name = args.pop(0)
        cmd = _subcommands(cmd)[name]
        path.append(name)
        if _subcommands(cmd):
            parent = cmd.make_context(name, [], parent=parent, resilient_parsing=True)
    if not path or _subcommands(cmd):
        names = ", ".join(" ".join(p) for p, c in _commands(root.command) if not _subcommands(c))
        raise typer.BadParameter(f"name a command: {names}", param_hint="COMMAND")
    sub = cmd.make_context(path[-1], args, parent=parent, resilient_parsing=True)
    rows: list[tuple[str, ...]] = [("option", "value", "from")]
    for param in cmd.params:
        name = param.name or ""
        if param.param_type_name != "option" or name == "help":
            continue
        origin = sub.get_parameter_source(name)
        kind = origin.name if origin is not None else "DEFAULT"
        where = {"COMMANDLINE": "command line", "DEFAULT_MAP": project.source(tuple(path), name)}
        rows.append((max(param.opts, key=len), _show(sub.params.get(name)), where.get(kind, "default")))
    return f"kobridge {' '.join(path)}:\n" + _table(rows)


@command("config", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
def config_command(
    ctx: typer.Context,
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="COMMAND [OPTIONS...]",
            help="A command and options: show every option of that command with the value it would run with.",
        ),
    ] = None,
) -> None:
    """Show the project file in use and the settings it gives each command, with file:line.

    With a command (and options, as on its own command line: kobridge config align --max-bead 2),
    show each of its options with its value and where it came from: the command line, the
    project file (file:line) or the built-in default.
    """
    project = ctx.obj if isinstance(ctx.obj, Project) else Project(None, "not loaded")
    file = project.file
    head = f"Project file: {file.path} ({project.how})\n" if file else f"Project file: none ({project.how})\n"
    if args:
        typer.echo(head + _command_view(ctx, project, list(args)), nl=False)
        return
    commands = dict(_commands(ctx.find_root().command))
    rows: list[tuple[str, ...]] = [("command", "option", "value", "from")]
    for (path, name), applied in sorted(project.applied.items(), key=lambda i: (i[0][0], i[1].setting.line)):
        option = max(next(p for p in commands[path].params if p.name == name).opts, key=len)
        rows.append((" ".join(path), option, _show(applied.value), project.source(path, name)))
    body = _table(rows) if len(rows) > 1 else "No settings: every command runs with its built-in defaults.\n"
    typer.echo(head + body, nl=False)
