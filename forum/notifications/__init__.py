"""In-app notifications: a bell with an unread count, a list, mark as read."""
