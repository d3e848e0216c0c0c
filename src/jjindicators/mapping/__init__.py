"""Mapping profiles: submissions in a country's own format, read onto jjind's forms.

`profile` loads and checks a profile and applies it while reading; `suggest` drafts one from a
submission as it arrived (`jjind map suggest`). See `docs/mapping.md`.
"""

from __future__ import annotations

from jjindicators.mapping.profile import IGNORE, UNRESOLVED, Profile, ProfileError, load_profile

__all__ = ["IGNORE", "UNRESOLVED", "Profile", "ProfileError", "load_profile"]
