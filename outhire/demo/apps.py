from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and the `demo` / `seed-demo` commands; it sits above every other app, so
    the apps themselves never import demo code (docs/layers.md)."""

    name = "outhire.demo"
    label = "demo"
    verbose_name = "Demo data"
