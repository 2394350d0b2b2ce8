"""Pages that bring several domains together: the home page and the transparency report."""
