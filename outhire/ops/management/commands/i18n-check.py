from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outhire.lib.i18n_check import candidate_templates, catalogue_problems, template_problems


class Command(BaseCommand):
    help = (
        "Check that candidate-facing templates have no text outside translation tags, and that "
        "the catalogues translate every message candidates read (every message, in the staff "
        "languages). Part of `make lint`; docs/translating.md."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--templates-only", action="store_true", help="skip the catalogues")
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="only these templates (default: every candidate-facing one)",
        )

    def handle(self, *args, templates_only: bool, paths: list[Path], **options) -> None:
        root = Path(settings.BASE_DIR)
        templates = [p.resolve() for p in paths] or candidate_templates(root)
        problems = [str(p) for path in templates for p in template_problems(path, root)]
        if not templates_only:
            languages = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
            problems += catalogue_problems(root, languages)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} translation problems (docs/translating.md).")
        self.stdout.write(f"Translations: {len(templates)} candidate-facing templates checked.")
