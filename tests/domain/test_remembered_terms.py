"""What the engine works out once and reuses gives the same answers as working it out every time:
a claim's tally of accumulators, a state's history index, and the remembered line terms."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import MappingProxyType

from domain_builders import plan_a, plan_c, rules
from hypothesis import given, settings
from hypothesis import strategies as st

from camnav.domain.claims import PriorLine
from camnav.domain.members import Accumulators, Enrollment, Tally
from camnav.domain.plans import Tier
from camnav.domain.state import HistoryIndex, MemberState

BOUNDED = settings(max_examples=100, deadline=None)

_BUCKETS = st.sampled_from((Tier.IN_NETWORK, Tier.OUT_OF_NETWORK))
_AMOUNTS = st.integers(0, 50_000)
_LIMITS = st.lists(st.sampled_from(("massage", "cam", "chiropractic")), max_size=3).map(tuple)
_CATEGORIES = st.sampled_from((None, "", "massage", "acupuncture"))
_ADDITIONS = st.lists(st.tuples(_BUCKETS, _AMOUNTS, _AMOUNTS, _LIMITS, _CATEGORIES), max_size=4)
_MAPPINGS = st.dictionaries(st.sampled_from(("in_network", "massage", "cam")), _AMOUNTS)


def _starting(read_only: bool, met: dict[str, int], visits: dict[str, int]) -> Accumulators:
    # Accumulators are built with plain dicts by some callers and with read-only ones by others.
    wrap = MappingProxyType if read_only else dict
    return Accumulators(wrap(dict(met)), wrap(dict(met)), wrap(dict(visits)), wrap(dict(visits)))


@BOUNDED
@given(st.booleans(), _MAPPINGS, _MAPPINGS, _ADDITIONS)
def test_a_tally_freezes_into_what_adding_one_line_at_a_time_gives(
    read_only: bool,
    met: dict[str, int],
    visits: dict[str, int],
    additions: list[tuple[Tier, int, int, tuple[str, ...], str | None]],
) -> None:
    start = _starting(read_only, met, visits)
    expected, tally = start, Tally(start)
    for bucket, deductible, out_of_pocket, limit_ids, category in additions:
        expected = expected.add(bucket, deductible, out_of_pocket, limit_ids, category)
        tally.add(bucket, deductible, out_of_pocket, limit_ids, category)
        assert tally.deductible(bucket) == expected.deductible(bucket)
        assert tally.out_of_pocket(bucket) == expected.out_of_pocket(bucket)
    if additions:
        assert repr(tally.frozen()) == repr(expected)
    # The state the claim found is never changed by its tally.
    assert start == _starting(read_only, met, visits)


def _line(day: int, code: str = "97124") -> PriorLine:
    return PriorLine("P-1", date(2025, 3, day), code, 2, 8_000, (), "massage", 0, True)


def _state(history: tuple[PriorLine, ...]) -> MemberState:
    return MemberState(Enrollment("M-1", "plan-a", date(2025, 1, 1)), history=history)


def test_a_state_finds_its_lines_of_a_day_in_history_order() -> None:
    history = (_line(3), _line(4), _line(3, "97140"))
    state = _state(history)
    assert state.history_on(date(2025, 3, 3)) == (history[0], history[2])
    assert state.history_on(date(2025, 3, 5)) == ()


def test_the_state_after_a_claim_finds_the_claims_lines_as_a_fresh_state_would() -> None:
    before = _state((_line(3), _line(4)))
    after = before.after_claim(before.periods, before.referrals, (_line(4, "97140"), _line(5)))
    fresh = _state(after.history)
    for day in (3, 4, 5, 6):
        assert after.history_on(date(2025, 3, day)) == fresh.history_on(date(2025, 3, day))
    # The state before the claim still sees only its own lines.
    assert before.history_on(date(2025, 3, 4)) == (_line(4),)
    assert before.history_on(date(2025, 3, 5)) == ()


def test_a_state_replaced_with_another_history_indexes_that_history() -> None:
    state = _state((_line(3),))
    replaced = replace(state, history=(_line(7),))
    assert replaced.history_on(date(2025, 3, 3)) == ()
    assert replaced.history_on(date(2025, 3, 7)) == (_line(7),)
    assert isinstance(replaced.history_index, HistoryIndex)


def test_line_terms_are_remembered_per_plan_object() -> None:
    the_rules, plan = rules(), plan_a()
    first = the_rules.line_terms(plan, "97124", "massage")
    assert the_rules.line_terms(plan, "97124", "massage") is first
    # A plan built again under the same id and version, but with other terms, is worked out anew.
    other = replace(plan_c(), id=plan.id, version=plan.version)
    terms = the_rules.line_terms(other, "97124", "massage")
    assert terms.plan is other
    assert terms.benefit == other.benefit("massage")
    assert terms.limits == other.limits_for("massage")
