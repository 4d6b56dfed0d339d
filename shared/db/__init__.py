"""Store helpers shared by the services: engines, the outbox, the inbox, the unit of work."""
