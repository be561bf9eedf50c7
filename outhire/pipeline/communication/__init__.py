"""What is said around applications: e-mail to candidates, comments, in-app notifications' pages.

- `messaging`: e-mail to candidates from the client's templates with merge fields, sent on a
  stage move or by hand, and replies logged by hand; every message is kept and on the timeline;
- `addresses`, `senders`: signed reply and bounce addresses, and each client's sender identity;
- `mailparse`, `inbound`, `receivers`: inbound e-mail (replies, automatic answers, bounces)
  read from SMTP (`outhire mail-in`) or IMAP (`outhire mail-poll`), see docs/email.md;
- `comments`: comments on requisitions and applications between provider staff and the client,
  with @mentions, and who may read them;
- `views`, `forms`, `urls`: the pages of both, and the notification list (notifications
  themselves are `outhire.accounts.notifications`).
"""
