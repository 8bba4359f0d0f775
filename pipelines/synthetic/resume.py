"""Resume text as polars expressions: per-level sentence templates filled from row columns."""

from __future__ import annotations

import string

import polars as pl

from pipelines.synthetic.prng import pick_index, uniform
from pipelines.synthetic.profile import ResumeSlot


def render(template: str, fields: dict[str, pl.Expr]) -> pl.Expr:
    """Fill a `{name}` template from `fields` with `pl.format` (no per-row Python)."""
    pieces: list[str] = []
    args: list[pl.Expr] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        pieces.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            if name not in fields:
                raise KeyError(f"resume template uses unknown field {{{name}}}: {template!r}")
            pieces.append("{}")
            args.append(fields[name])
    return pl.format("".join(pieces), *args) if args else pl.lit("".join(pieces))


def choice_column(level: str, position: int) -> str:
    """Name of the helper column holding the template picked for one slot."""
    return f"_template_{level}_{position}"


def template_choices(
    level: str, slots: list[ResumeSlot], row: pl.Expr, seed: int, stream: int
) -> list[pl.Expr]:
    """One helper column per slot with several templates: the template index for each row."""
    return [
        pick_index(uniform(row, seed, stream + position), [1.0] * len(slot.templates)).alias(
            choice_column(level, position)
        )
        for position, slot in enumerate(slots)
        if len(slot.templates) > 1
    ]


def _sentence(level: str, position: int, slot: ResumeSlot, fields: dict[str, pl.Expr]) -> pl.Expr:
    """One slot's sentence for each row; null when the slot's condition does not hold."""
    rendered = [render(template, fields) for template in slot.templates]
    sentence = rendered[0]
    if len(rendered) > 1:
        index = pl.col(choice_column(level, position))
        chain = pl.when(index == 1).then(rendered[1])
        for option, expr in enumerate(rendered[2:], start=2):
            chain = chain.when(index == option).then(expr)
        sentence = chain.otherwise(rendered[0])
    if slot.requires is not None:
        sentence = pl.when(pl.col(slot.requires)).then(sentence)
    return sentence


def resume_text(level: str, slots: list[ResumeSlot], fields: dict[str, pl.Expr]) -> pl.Expr:
    """A whole resume: every slot's sentence, space-joined, skipping slots that do not apply."""
    sentences = [_sentence(level, position, slot, fields) for position, slot in enumerate(slots)]
    return pl.concat_str(sentences, separator=" ", ignore_nulls=True)
