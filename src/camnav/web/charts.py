"""Horizontal bar charts drawn as SVG on the server, with every number also written as text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Geometry of the drawing (user units of the SVG's viewBox).
LABEL_WIDTH = 150
BAR_WIDTH = 250
VALUE_WIDTH = 100
ROW_HEIGHT = 26


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    text: str
    y: int
    width: int


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    width: int = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT

    @property
    def label_width(self) -> int:
        return LABEL_WIDTH


def bar_chart(
    title: str, items: Sequence[tuple[str, int]], shown: Callable[[int], str] = str
) -> Chart:
    """Bars scaled to the largest value; a zero stays a zero-width bar."""
    largest = max((value for _, value in items), default=0)
    bars = tuple(
        Bar(
            label=label,
            value=value,
            text=shown(value),
            y=i * ROW_HEIGHT,
            width=round(BAR_WIDTH * value / largest) if largest else 0,
        )
        for i, (label, value) in enumerate(items)
    )
    return Chart(title, bars)
