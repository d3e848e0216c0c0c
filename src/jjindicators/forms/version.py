"""The template's version and what changed in each, for the `template-version` check."""

from __future__ import annotations

TEMPLATE_VERSION = "1.0"

# Every template version ever published, oldest first, with what changed in it.
TEMPLATE_CHANGES: dict[str, str] = {
    "1.0": "First published template.",
}
