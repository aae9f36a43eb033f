"""Scenario files: plan administrators' benefit tests, run through the claims engine.

A scenario names a plan, a member with the accumulators they start from, the documents on file
(referrals, prescriptions, authorizations, letters of medical necessity), the providers, and the
claims. The runner adjudicates the claims in date-of-service order, carrying the member's state
forward, and an optional `expect:` block states the figures the plan administrator expects.

- `format`: reads a scenario YAML file into typed values; every problem names file and field.
- `fields`: the field readers `format` uses, which collect problems instead of raising.
- `runner`: builds the domain objects and runs the claims through `adjudicate`.
- `report`: the JSON document of a run and the human-readable text report.
- `expect`: the shape of the `expect:` block and the comparison with a run's document.
"""
