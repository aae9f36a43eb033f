"""Adapters that read camnav's data files: plan library, catalogue, code sets."""
