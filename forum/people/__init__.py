"""People: profile pages with what each person has contributed."""
