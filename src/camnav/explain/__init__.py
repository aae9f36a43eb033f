"""Rendering at the edge: reason codes to X12 CARC/group codes and to plain language."""
