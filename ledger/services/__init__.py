"""Writes to the books. Keyword-only, typed, one transaction on the tenant alias each."""
