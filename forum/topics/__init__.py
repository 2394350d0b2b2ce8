"""Policy topics: the sections threads are grouped in."""
