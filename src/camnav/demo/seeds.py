"""Independent random streams derived from the demo seed, one per concept.

Each concept draws from its own stream, so adding a draw to one (say, a provider's language)
does not shift every later concept's numbers. String seeds are hashed with SHA-512 by `random`,
so a stream is the same on every run and platform.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")


def stream(seed: int, concept: str) -> random.Random:
    """The random stream of one concept for a seed."""
    return random.Random(f"camnav-demo:{seed}:{concept}")


def pick_weighted(rng: random.Random, weights: Mapping[T, float]) -> T:
    """One key of `weights`, drawn with probability proportional to its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


def pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[rng.randrange(len(items))]
