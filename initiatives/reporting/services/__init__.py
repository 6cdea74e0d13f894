"""Writes of the reporting slice, one module per use case: ``workflow`` (create, save,
submit, return, approve), ``photos`` (what evidence is accepted), ``opening`` (the daily
drafts of each period), ``reminders`` (due soon, overdue, escalations)."""
