"""Check: schema messages, cross-checks and authoring warnings; ``validate`` runs them."""
