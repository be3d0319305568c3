"""Site administration pages: user accounts and the audit trail."""
