"""How kobridge's ``--help`` shows usage lines and flags (typer's command classes, adjusted).

typer writes a required argument as ``{src}`` on the usage line and gives every flag a value type
(``--wrapped <bool>``), which reads as if the flag took a value. kobridge's commands write
arguments the Unix way (``KO EN``, ``[NAME]``, ``FILES...``) and show no type for a flag.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

__all__ = ["Command", "Group"]


def _untyped_flags(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""  # shown as the (empty) type column
    return params


def _usage(options_metavar: str | None, params: list[Any]) -> list[str]:
    pieces = [options_metavar] if options_metavar else []
    for param in params:
        if not isinstance(param, TyperArgument):
            continue
        name = param.metavar or (param.name or "").upper()
        if param.metavar is None and param.nargs != 1:
            name += "..."
        pieces.append(name if param.required else f"[{name}]")
    return pieces


class Command(TyperCommand):
    """A command whose help shows ``KO EN`` on the usage line and flags without a type."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage(self.options_metavar, self.get_params(ctx))


class Group(TyperGroup):
    """A command group with the same help conventions as :class:`Command`."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*_usage(self.options_metavar, self.get_params(ctx)), self.subcommand_metavar]
