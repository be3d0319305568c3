"""Rules stated as a user would state them, written to kill the mutants no other test noticed (make mutate)."""
