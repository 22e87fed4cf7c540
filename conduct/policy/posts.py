"""The posts the policy packs name, for giving them to staff.

A post is assigned before or after its pack is loaded (the demo staff come before the packs),
so the names come from the packs loaded and from the files in settings.POLICY_DIR.
"""

from functools import cache
from pathlib import Path

from django.conf import settings

from conduct.policy.loader import read_pack
from conduct.policy.models import PolicyPack


def known_posts() -> dict[str, str]:
    """Post id → the name the pack gives it; a loaded pack's name wins over a file's."""
    names: dict[str, str] = {}
    for path in sorted(Path(settings.POLICY_DIR).glob("*.toml")):
        names.update(file_posts(path, path.stat().st_mtime_ns))
    for pack in PolicyPack.objects.order_by("loaded_at"):
        names.update({post.id: post.name for post in pack.file.posts})
    return names


@cache
def file_posts(path: Path, modified: int) -> dict[str, str]:
    """The posts one pack file names (read again when the file changes)."""
    return {post.id: post.name for post in read_pack(path).posts}
