"""Correspondence and contacts: the contact log, mailbox ingestion, routing by restriction and read-and-file."""
