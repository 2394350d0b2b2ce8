"""Your data: the download of everything stored about a person, erasing an account, and
retention (what is purged after how long).

- :mod:`forum.privacy.export`: "Prepare my download" writes a job; the job writes a JSON file
  into ``instance/exports/`` under a random name, offered to its owner until it expires.
- :mod:`forum.privacy.erasure`: deleting an account (by its owner, or by an admin on request)
  erases the person's data from every table; the user row stays as a tombstone named
  "Former participant" so the debates keep their shape.
- :mod:`forum.privacy.references`: the decision for every column that refers to an account,
  read from the metadata, so a new table without a decision fails a test.
- :mod:`forum.privacy.retention`: ``flask --app forum purge`` (cron) deletes old records.
"""
