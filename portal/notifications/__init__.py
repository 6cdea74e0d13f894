"""Notifications: an outbox. A service writes the notification in its own transaction and
the email is queued after commit; a periodic sweep sends what could not be queued. Every
notification has a key (``keys``), so the same event never notifies twice.

Below every initiatives and interviews slice: nothing here imports them."""
