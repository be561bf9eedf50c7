"""Importing candidates from another system: upload, column mapping, the run, and clean-up.

- `rows` reads a CSV or JSON Resume file into cleaned rows (plain Python, no Django);
- `uploads` checks an upload and keeps it as a draft `ImportJob`, fixes its mapping, queues it;
- `run` reads the file in chunks and writes each chunk and the run's progress in one
  transaction, with a heartbeat; a run whose worker died is marked failed and can be continued;
- `matching` is the evidence of who a row is about, `identity` decides it for each chunk's
  rows, `writing` writes the chunk, `progress` keeps its counts and report;
- `resume_zip` is the zip of resumes a CSV's rows name; `limits` the sizes allowed;
- `views`, `forms` and `api` are the pages and the JSON API; `tasks` the background work.

See docs/import.md.
"""
