"""Authentication (bearer tokens) and role checks shared by every service."""
