"""Residents' proposals: a kind of thread that collects supports and, once it qualifies, gets
the council's answer (see docs/proposals.md)."""
