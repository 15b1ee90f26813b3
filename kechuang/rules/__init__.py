"""Pure rules: no Django, no database. Frozen inputs in, explained results out (style.md rule 4)."""
