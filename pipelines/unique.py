"""Unique labels: `name`, else `name (2)`, `name (3)`... (headers, zip entries)."""

from __future__ import annotations


def unique_name(name: str, used: set[str]) -> str:
    """`name`, or `name (2)`, `name (3)`... whichever is not yet in `used`; records it there."""
    candidate, number = name, 1
    while candidate in used:
        number += 1
        candidate = f"{name} ({number})"
    used.add(candidate)
    return candidate
