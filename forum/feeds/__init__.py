"""Atom feeds: new threads on the site and in each topic, new posts in a thread, what the
council did (``/outcomes``), and a person's contributions. Public content only."""
