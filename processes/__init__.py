"""processes package."""
