"""The demo: a synthetic "Example Health" built into a database from a seed.

`build_demo(url, seed)` migrates the database and fills it with the plan's eight regions and
their medical centers, contracted practices, thousands of therapists at real US ZIP centroids,
tens of thousands of members enrolled in the demo plans, a year of claim history decided by the
real adjudication engine, and named demo accounts. The same seed and day give the same database;
a second build on a demo database reuses it.

Modules, one concept each: `seeds` (random streams), `names`, `geography` (ZIP centroids, centers),
`npi`, `practices`, `licenses`, `providers`, `members`, `care` (visits), `documents` (referrals,
prescriptions, authorizations, letters), `cast` (the named demo people), `history` (adjudication),
`example_health` (all of it, in memory), `rows`, `writer` and `save` (bulk inserts), `accounts`,
`progress`, `build`.
"""

from camnav.demo.accounts import DemoAccount
from camnav.demo.build import DemoSummary, build_demo
from camnav.demo.example_health import DemoSize

__all__ = ["DemoAccount", "DemoSize", "DemoSummary", "build_demo"]
