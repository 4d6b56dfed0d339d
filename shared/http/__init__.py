"""HTTP plumbing shared by the services: problem+json, the Api, health, limits."""
