"""The browser model editor (issue 17): drafts per (process, user), validate with the real deploy checks,
compare with the deployed version, test against the scenarios, and take into use."""

from __future__ import annotations

from .compare import compare_draft
from .drafts import open_draft, save_draft
from .release import deploy_draft
from .testing import test_draft
from .validation import validate_draft

__all__ = ["compare_draft", "deploy_draft", "open_draft", "save_draft", "test_draft", "validate_draft"]
