"""Letters to customers and representatives: drafted from a case, checked, approved, rendered and issued."""
