"""Accounts and access: users, roles, log-in and sessions, personal access tokens, and the one permission module
(`permissions.py`) that views, templates and the API ask."""
