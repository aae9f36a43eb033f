"""The pages, one module per role, and sign-in."""
