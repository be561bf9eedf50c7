"""The JSON API's toolkit, shared by every app's api.py: the error shape and its handlers
(errors), strict input types (fields) and the pagination (pagination). The routers themselves
live in their apps, and outhire/api assembles them."""
