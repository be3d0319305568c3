"""Notifications: a transactional outbox the services write to, an in-app inbox, e-mail and a gateway."""
