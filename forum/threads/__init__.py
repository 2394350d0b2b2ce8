"""Threads: discussions and consultations within a topic."""
