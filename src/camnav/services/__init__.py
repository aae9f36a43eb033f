"""Use cases, one transaction each (from the service issue on)."""
