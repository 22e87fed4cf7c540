"""A full office: a generated council of 100,000 customers and 200,000 incidents."""
