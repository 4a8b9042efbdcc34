"""Notifications to users: in the product (the bell) and by e-mail, each user choosing which kinds he receives."""
