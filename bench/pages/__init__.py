"""Server CPU, queries and load for the most used pages (issue 18)."""
