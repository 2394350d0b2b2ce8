"""Consultations: questions the council asks residents, open for a set time."""
