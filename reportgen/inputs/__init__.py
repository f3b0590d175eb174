"""Load: input files -> located values (file:line:col for every value)."""
