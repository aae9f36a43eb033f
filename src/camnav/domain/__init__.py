"""The pure domain core: plans, cost share, coverage answers, referrals and adjudication.

Imports only the standard library. Dates, accumulators and code sets are arguments.
"""
