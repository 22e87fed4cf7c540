"""The contacts benchmark: a million stored messages, then ingestion from a local IMAP server and
the "what is new" page for a customer with 2,000 earlier messages (docs/performance.md)."""
