"""The public apply flow: a job seeker applies to a live posting without an account.

`views` and `forms` are the page, `services` stages resumes and submits applications, `rules`
and `attribution` are plain Python (prefill from a resume, the channel an applicant came from),
`api` gives recruiters' systems the answers, `tasks` the e-mail and purges. See
docs/careers-apply.md.
"""
