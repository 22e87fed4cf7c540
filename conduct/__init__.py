"""Conduct: case management for a council's policy on unacceptable customer actions."""
