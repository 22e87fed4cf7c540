"""The staff alert register: person and premises warning markers, their handling instructions and review."""
