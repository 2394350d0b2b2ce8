"""Moderators' summaries of threads: drafting, revisions, citations, coverage, publishing."""
