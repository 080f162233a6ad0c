"""Helpers that every app uses and that import no app models."""
