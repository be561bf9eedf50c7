"""What is said around applications: e-mail to candidates, comments, in-app notifications' pages.

- `messaging`: e-mail to candidates from the client's templates with merge fields, sent on a
  stage move or by hand, and replies logged by hand; every message is kept and on the timeline;
- `comments`: comments on requisitions and applications between provider staff and the client,
  with @mentions, and who may read them;
- `views`, `forms`, `urls`: the pages of both, and the notification list (notifications
  themselves are `outhire.accounts.notifications`).
"""
